"""Search index: one interface, Whoosh and PostgreSQL full-text backends (no Flask)."""
