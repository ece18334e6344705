"""Full-text search triggers (the application's helper)."""


def sync_trigger(conn, table_name, tsvector_column, indexed_columns):
    """Creates or replaces the trigger that keeps tsvector_column in step."""
    raise NotImplementedError("runs against a live connection")
