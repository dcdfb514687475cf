"""Browser tests: the web app under waitress driven by headless Debian Chromium (Playwright)."""
