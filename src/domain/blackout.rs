//! Pre-election period (R-P1): elections and their periods. Being written.
