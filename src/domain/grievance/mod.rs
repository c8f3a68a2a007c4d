//! Grievances and concerns (R-E1, R-E2, R-E3). Being written.
