"""Persistence: models, engine, migrations, query functions. Never imports Textual."""
