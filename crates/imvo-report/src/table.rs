//! Tables: the one data shape that both the document model and the charts use (a chart keeps
//! its numbers as a table for Markdown and for readers who cannot see it). It stands apart so
//! that [`crate::model`] can hold charts and [`crate::chart`] can hold tables without the two
//! modules importing each other.

/// How a table column is aligned: text left, numbers right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Left aligned (text).
    #[default]
    Left,
    /// Right aligned (numbers).
    Right,
    /// Centred (short codes, symbols).
    Center,
}

/// A column of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Header text.
    pub header: String,
    /// Alignment of the header and the cells.
    pub align: Align,
}

impl Column {
    /// A left-aligned text column.
    pub fn text(header: impl Into<String>) -> Self {
        Self {
            header: header.into(),
            align: Align::Left,
        }
    }
    /// A right-aligned number column.
    pub fn number(header: impl Into<String>) -> Self {
        Self {
            header: header.into(),
            align: Align::Right,
        }
    }
}

/// A table: a header row and rows of plain-text cells. Rows shorter than the header are padded
/// with empty cells; longer rows are cut by the renderers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// A caption above the table, numbered "Tabel n" / "Table n" by the renderers.
    pub caption: Option<String>,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows of cells.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The cell at `row`, `col`, empty when the row is short.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", String::as_str)
    }
}
