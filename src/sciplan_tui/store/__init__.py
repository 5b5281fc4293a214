"""The store: models, engine, migrations and queries over SQLite (default) or PostgreSQL."""

from .engine import Store, default_db_path, open_store, resolve_url

__all__ = ["Store", "default_db_path", "open_store", "resolve_url"]
