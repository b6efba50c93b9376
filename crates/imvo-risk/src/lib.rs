//! Sector risk analysis on top of the input-output engine: embodied risk per national sector and theme, hotspots, structural paths.
