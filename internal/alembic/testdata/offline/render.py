"""Render op.* snippets to SQL with Alembic's offline mode (PostgreSQL).

Reads a JSON list of {"name", "body"} from stdin, where body is the indented
body of an upgrade() function, and prints a JSON object mapping each name to
the list of statements Alembic emits, or to {"error": "..."}.
Only the test's own snippets run here, never a project's files.
"""
import io
import json
import sys
import textwrap

import sqlalchemy as sa
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext

TABLE = "users"


def render(body):
    buf = io.StringIO()
    ctx = MigrationContext.configure(
        dialect_name="postgresql",
        opts={"as_sql": True, "output_buffer": buf, "literal_binds": True},
    )
    op = Operations(ctx)
    code = "def upgrade():\n" + body + "\n"
    scope = {"op": op, "sa": sa, "TABLE": TABLE}
    exec(compile(code, "<case>", "exec"), scope)
    with Operations.context(ctx):
        scope["upgrade"]()
    out = []
    for stmt in buf.getvalue().split(";\n"):
        stmt = stmt.strip()
        if stmt and stmt not in ("BEGIN", "COMMIT"):
            out.append(stmt)
    return out


def main():
    cases = json.load(sys.stdin)
    result = {}
    for case in cases:
        try:
            result[case["name"]] = render(case["body"])
        except Exception as e:  # reported per case by the Go test
            result[case["name"]] = {"error": "%s: %s" % (type(e).__name__, e)}
    json.dump(result, sys.stdout)


main()
