"""Dialogue guides as TOML data with their loader and validator (issue 5 fills this)."""
