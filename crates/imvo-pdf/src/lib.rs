//! Typst fenced off: turns a generated Typst document into PDF with embedded fonts.
