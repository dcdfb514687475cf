"""Request-side plumbing the web pages and the API share (no views): runtime, content HTML, uploads, downloads."""
