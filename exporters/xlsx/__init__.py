"""Excel exports: answer keys per version and result tables."""
