"""Persistence: SQLAlchemy models, engine set-up, migrations and row↔domain conversion."""
