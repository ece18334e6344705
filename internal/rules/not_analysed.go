package rules

// notAnalysed is reported by the engine for the parts of a migration, or
// of its set, that migguard skips rather than reads.
var notAnalysed = &Rule{
	ID:       "not-analysed",
	Title:    "part of a migration that migguard does not analyse",
	Severity: Info,
	Detects: "Text that migguard skips instead of reading it as SQL: psql meta-commands (`\\set`, `\\i`, `\\connect`) and the data of " +
		"`COPY … FROM stdin` in the files psql runs (plain SQL, Sqitch scripts), Go-template inclusions (`{{template \"x\" .}}`), " +
		"a configured template value that does not fit its placeholder, Sqitch plan entries that migguard does not replay, and in a " +
		"DO block, EXECUTE of SQL built at run time (`EXECUTE format(…)`, `EXECUTE 'ALTER TABLE ' || name`) and a body that " +
		"PL/pgSQL's parser does not read. (The static statements of a DO block and EXECUTE of a string constant are linted " +
		"as statements of the migration, in the block's transaction.)",
	Why: "What migguard does not read it cannot check: an included file, the statements after `\\connect` (which run in another database), " +
		"the SQL a template includes or a DO block builds may hold the dangerous statement.",
	Fix:      "Lint included files on their own, or inline them; nothing to do when the skipped text is harmless, such as `\\set ON_ERROR_STOP on`.",
	Help:     "check the skipped text yourself, or lint the file it includes",
	byEngine: true,
	Check: func(p *Pass) {
		if p.Stmt.Block != nil {
			checkDoBlock(p)
		}
	},
}

func init() { Register(notAnalysed) }
