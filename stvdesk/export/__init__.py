"""Exports: ics, xlsx, csv, markdown (issues 4, 6, 7 and 11 fill this)."""
