"""Word .docx papers: blocks from the document body, segmented into questions, keys and guides."""
