"""Analysis: pure functions over the record (corroboration, assessment, statistics)."""
