//! Domain types and rules of the Dutch IMVO covenant policy: sectors, trajectories, phases, covenants, SMART agreements, targets. No I/O.
