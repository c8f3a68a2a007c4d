//! Publicity checker (R-P2 to R-P4). Being written.
