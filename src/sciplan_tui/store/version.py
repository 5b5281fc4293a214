"""The schema version this program writes: store/migrations.py brings a store there, and opening a store
that already is (the everyday case) costs one query over the DB-API, without SQLAlchemy (store/opening.py)."""

LATEST = 7  # = migrations.STEPS[-1][0]: migrations.py refuses to load if the two part

VERSION_QUERY = "SELECT MAX(version) FROM schema_version"
