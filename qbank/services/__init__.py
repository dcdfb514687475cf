"""Service layer: plain typed functions over a unit of work; every entry point calls these."""
