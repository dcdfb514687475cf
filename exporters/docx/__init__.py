"""Word exports: printable papers (one per mã đề) and marking guides."""
