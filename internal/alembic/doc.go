// Package alembic reads Alembic (SQLAlchemy) migration projects without
// running Python.
//
// It finds a project's revision files from alembic.ini, pyproject.toml
// [tool.alembic] or a versions directory; reads each file's revision,
// down_revision, branch_labels and depends_on with a small static Python
// reader; builds the revision graph (bases, heads, merge points, cycles,
// dangling parents, duplicate ids); and turns the common op.* calls of
// upgrade() into the SQL that Alembic emits on PostgreSQL, so the SQL rules
// can lint Python migrations. Every piece of generated SQL keeps the Python
// line of the op. call that produced it.
//
// Nothing is guessed: a value the reader cannot work out statically (a
// computed revision id, a dynamic table name, a loop, an ORM session) is
// reported, naming the file and line.
package alembic
