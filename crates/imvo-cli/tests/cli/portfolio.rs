//! Tests of the portfolio commands.
