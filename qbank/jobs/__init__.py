"""Background jobs: the queue (huey, SQLite or Redis), its tasks and the worker that runs them."""
