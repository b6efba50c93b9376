//! Tests of the sra commands.
