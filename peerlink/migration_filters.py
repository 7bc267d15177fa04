"""What Alembic's autogenerate must leave alone: objects migrations create on purpose that
no model describes (the directory's and the events' full-text indexes and, on SQLite, FTS5's
shadow tables).

Passed to `migrate.init_app` and used by tests/test_migrations.py, so `flask db migrate`
never proposes dropping them and the schema test compares exactly what the models own.
"""

UNMAPPED_TABLES = frozenset({
    "profile_search",
    # SQLite FTS5 keeps its data in these shadow tables.
    "profile_search_data", "profile_search_idx", "profile_search_content",
    "profile_search_docsize", "profile_search_config",
    # Groups' thread index (migration 0016), made the same way.
    "thread_search", "thread_search_data", "thread_search_idx", "thread_search_content",
    "thread_search_docsize", "thread_search_config",
    # The CE events' full-text index (migration 0017), the same way.
    "event_search", "event_search_data", "event_search_idx", "event_search_content",
    "event_search_docsize", "event_search_config",
})


# Expression indexes a model cannot declare portably (SQLAlchemy does not reflect them on
# SQLite); migration 0004 creates this one.
UNMAPPED_INDEXES = frozenset({"ix_profiles_directory_order"})


def include_name(name, type_, parent_names) -> bool:
    if type_ == "table":
        return name not in UNMAPPED_TABLES
    if type_ == "index":
        return name not in UNMAPPED_INDEXES
    return True
