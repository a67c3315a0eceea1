"""Storage: the only package with SQL. SQLite (embedded default) and PostgreSQL share one schema."""
