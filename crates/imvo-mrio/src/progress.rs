//! Progress reporting for long reads and computations, without drawing anything here: the
//! library reports through this trait, the command line draws bars (and hides them when stderr
//! is not a terminal). Library users who want no output pass [`NoProgress`].

/// Receives progress of one long task at a time. Implementations must be cheap and thread-safe:
/// readers call [`Progress::advance`] from worker threads.
pub trait Progress: Sync {
    /// A task starts: `label` says what (e.g. "Z.txt"), `total` how many units (bytes, columns).
    fn start(&self, label: &str, total: u64);
    /// `delta` more units are done.
    fn advance(&self, delta: u64);
    /// The current task is done.
    fn finish(&self);
}

/// Reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _label: &str, _total: u64) {}
    fn advance(&self, _delta: u64) {}
    fn finish(&self) {}
}
