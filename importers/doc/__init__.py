"""Old binary Word .doc papers: converted to .docx by LibreOffice, then read as Word."""
