//! Tests of the mrio commands.
