"""QBank: a shared exam-question bank for Vietnam's provincial Departments of Education."""

# Keep this module free of Flask imports: importers, exporters and search_index import
# qbank.domain and must stay usable as plain libraries.
__version__ = "0.1.0"
