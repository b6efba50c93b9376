//! Tests of the report commands.
