// Package fix rewrites migrations into their safe form: what `migguard
// fix` runs. It works on one migration set at a time and changes only the
// files its caller selects (the branch's new migrations; package fix never
// decides which files are merged).
//
// Each fix answers one finding of the rules engine, in the migration
// tool's own way:
//
//   - require-lock-timeout, require-statement-timeout: `SET lock_timeout`
//     (and `SET statement_timeout`) before the file's first statement, as
//     SQL or, in an Alembic revision, op.execute(…) at the top of
//     upgrade();
//   - create-index-non-concurrently, drop-index-non-concurrently,
//     reindex-non-concurrently: CONCURRENTLY with IF [NOT] EXISTS, the
//     file marked to run outside a transaction the way its tool says it
//     (goose `-- +goose NO TRANSACTION`, dbmate `transaction:false`, Atlas
//     `-- atlas:txmode none`, sql-migrate `notransaction`, tern
//     `---- tern: disable-tx ----`; golang-migrate and Prisma need the
//     statement alone in its file; Alembic postgresql_concurrently=True in
//     `with op.get_context().autocommit_block():`). A file that holds
//     other statements, which must stay in a transaction, is left alone,
//     with a message;
//   - add-foreign-key-without-not-valid, add-check-without-not-valid: the
//     constraint NOT VALID, then VALIDATE CONSTRAINT in a transaction of
//     its own after the file's statements commit;
//   - set-not-null-unproven: CHECK (col IS NOT NULL) NOT VALID, then in a
//     later transaction VALIDATE, SET NOT NULL and DROP of the CHECK
//     (PostgreSQL 12 and later);
//   - add-column-required: the column with the constant default the
//     caller gives (Options.Default), or else nullable, with the batched
//     backfill and the NOT NULL steps written out as comments to complete.
//
// A transaction is split the way the rule recipes say: a file its tool
// runs without a transaction gets the later statements after the
// statement (or after the COMMIT of the explicit block that holds it); a
// file the tool wraps is marked to run without one and its statements
// are put in an explicit BEGIN … COMMIT, with the later ones after it; a
// file sent as one multi-statement string gets the BEGIN … COMMIT too;
// an Alembic revision gets the later statements at the end of upgrade(),
// in an autocommit_block().
//
// Nothing is written on trust. Every fixed file is linted again as part
// of its set, through a file system that holds the new text: the finding a
// fix answers must be gone and no finding may appear that was not there
// before. A fix that fails this check is dropped, and the file keeps what
// it had, with the reason; so is a fix that cannot be made safely (a
// statement migguard cannot rewrite in place, a tool whose transaction
// cannot be changed from the file). SQL is never dropped: statements are
// edited where they stand and the new ones are added around them.
package fix
