//! The case file: a Markdown record of one case for a staffing committee. Being written.
