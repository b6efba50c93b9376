//! Letters and reports from domain values: Markdown, self-contained HTML with SVG charts, and PDF.
