//! Tests of the store commands.
