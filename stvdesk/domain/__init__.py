"""The method's rules as pure functions.

This package imports nothing of the rest of the project, and never Textual or SQL
(an import-linter contract in pyproject.toml enforces it).
"""
