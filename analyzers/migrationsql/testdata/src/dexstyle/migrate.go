// Package dexstyle keeps its migrations as a list of structs holding the
// statements; a version field numbers them.
package dexstyle

type migration struct {
	version int
	stmts   []string
	// rollback is never run by the runner's up path.
	rollback []string
}

var migrations = []migration{
	{
		version: 1,
		stmts: []string{
			`create table client (id text not null primary key, secret text not null);`,
		},
		rollback: []string{`drop table client;`},
	},
	{
		version: 2,
		stmts: []string{
			`alter table client add column name text not null default '';`,
			`create index client_name on client (name);`, // want `create-index-non-concurrently: creating index "client_name" on "client"` `statements-after-access-exclusive: `
		},
	},
}
