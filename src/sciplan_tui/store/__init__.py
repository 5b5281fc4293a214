"""The store: models, engine, migrations and queries over SQLite (default) or PostgreSQL."""

from .engine import Store, default_db_path, resolve_url, safe_url
from .opening import open_store

__all__ = ["Store", "default_db_path", "open_store", "resolve_url", "safe_url"]
