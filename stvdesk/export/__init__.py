"""Exports: every file the desk writes for people to read (ics, xlsx, csv, Markdown, plain text) is
made here; each export is written to the access log (README, "The command line": the export convention)."""
