package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// addColumnSerialOrIdentity flags adding a serial or identity column to an
// existing table, which draws a sequence value for every row.
//
//	ALTER TABLE events ADD COLUMN seq bigserial;                              -- flagged
//	ALTER TABLE events ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;    -- flagged
//	ALTER TABLE events ADD COLUMN seq bigint;                                 -- fine
var addColumnSerialOrIdentity = &Rule{
	ID:       "add-column-serial-or-identity",
	Peers:    []string{"squawk:adding-field-with-default", "eugene:E10", "eugene:E11"},
	Title:    "serial or identity column added to an existing table rewrites it",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … ADD COLUMN` of type serial, bigserial or smallserial (or serial2/4/8), or with " +
		"`GENERATED ALWAYS|BY DEFAULT AS IDENTITY`, on a table that existed before this migration. Tables created " +
		"earlier in the same file, and temporary tables, are exempt.",
	Why: "The column's default is nextval() on a new sequence, which is volatile: PostgreSQL numbers every existing row " +
		"by rewriting the whole table and its indexes while ACCESS EXCLUSIVE blocks every read and write of it.",
	Fix: "Create the table with the column from the start when possible. Otherwise add a plain nullable bigint column, " +
		"create a sequence, `ALTER COLUMN … SET DEFAULT nextval('seq')` for new rows, backfill existing rows in " +
		"batches, and enforce NOT NULL with a validated CHECK constraint.",
	Help: "add a plain bigint column, SET DEFAULT nextval() separately and backfill in batches",
	Check: func(p *Pass) {
		for _, ac := range addedColumnsOnExisting(p) {
			kind := ""
			switch {
			case isSerialType(ac.def):
				kind = schema.TypeOf(ac.def.TypeName).Name
			case constraintOf(ac.def, pgparse.ConstrType_CONSTR_IDENTITY) != nil || ac.def.Identity != "":
				kind = "identity"
			default:
				continue
			}
			if !hasWork(addColumnWork(p, ac.def), WorkRewrite) {
				continue
			}
			p.ReportWork(columnLoc(ac.def), WorkRewrite, "adding %s column %q to %q gives every existing row a sequence value: the whole table is rewritten under ACCESS EXCLUSIVE",
				kind, ac.def.Colname, displayRel(ac.rel))
		}
	},
}

func init() { Register(addColumnSerialOrIdentity) }
