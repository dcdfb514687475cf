"""Demo instance: sample organisations, users and questions."""
