-- A failed concurrent build leaves an INVALID index behind, even in a file of its own.
-- migguard:tx none
CREATE INDEX CONCURRENTLY users_email_idx ON users (email); -- want "prefer-robust-stmts: CREATE INDEX CONCURRENTLY \"users_email_idx\" without IF NOT EXISTS: a failed or cancelled build leaves an INVALID index of that name behind, and re-running the migration fails here"
-- fixture:next-file
-- migguard:tx none
CREATE INDEX CONCURRENTLY ON users (created_at); -- want "prefer-robust-stmts: CREATE INDEX CONCURRENTLY on \"users\" without a name: a re-run after a failure builds a second index"
