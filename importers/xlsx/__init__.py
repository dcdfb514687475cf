"""Excel .xlsx banks: one question per row, headers recognised in Vietnamese and English."""
