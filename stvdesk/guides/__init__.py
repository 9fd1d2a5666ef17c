"""Dialogue guides as TOML data with their loader and validator: the built-in ones in
builtin/, a jobcentre's own from the config directory (README, "Dialogue guides (F7)")."""
