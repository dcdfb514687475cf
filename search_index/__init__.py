"""Search index: one interface, Whoosh and PostgreSQL full-text backends (no Flask)."""

from search_index.base import Access, SearchDoc, SearchIndex, SearchQuery, SearchResult

__all__ = ["Access", "SearchDoc", "SearchIndex", "SearchQuery", "SearchResult"]
