//! Multi-regional input-output engine: pymrio- and EXIOBASE-format readers, the Leontief model, writers.
