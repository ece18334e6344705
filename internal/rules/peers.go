package rules

import (
	"sort"
	"strings"
)

// This file is the catalogue of the rules of migguard's two peers, squawk
// (its rule names, crates/squawk_linter/src/lib.rs) and eugene (its hint
// ids, eugene/src/hint_data.rs): what each is called, and, for those no
// migguard rule covers, why. Which migguard rules cover a peer rule is
// said by the rules themselves (Rule.Peers, "squawk:<name>" or
// "eugene:<id>"); TestPeers checks that every peer rule is either covered
// or explained. Suppression comments written for the peers select the
// rules that cover theirs, `migguard explain` accepts their names, and
// the rule reference has the table.

// PeerRule is a rule of squawk or eugene.
type PeerRule struct {
	Tool string // "squawk" or "eugene"
	ID   string // squawk's rule name, eugene's hint id
	// Title is the peer's own one-line description.
	Title string
	// Alias is the peer's other name for the same rule, "" for none.
	Alias string
	// Expands lists the peer rules an alias stands for (squawk's
	// require-timeout-settings); the alias itself is then covered by the
	// rules that cover those.
	Expands []string
	// None says why no migguard rule covers the peer rule, "" when one does.
	None string
}

// Key is the peer rule as Rule.Peers names it: "squawk:ban-drop-column".
func (r *PeerRule) Key() string { return r.Tool + ":" + r.ID }

// peerRules are squawk's 40 rule names and eugene's 15 hint ids.
var peerRules = []*PeerRule{
	{Tool: "squawk", ID: "adding-field-with-default", Title: "adding a column with a volatile default or a generated value rewrites the table"},
	{Tool: "squawk", ID: "adding-foreign-key-constraint", Title: "adding a foreign key scans the table while blocking writes to both tables"},
	{Tool: "squawk", ID: "adding-not-nullable-field", Title: "SET NOT NULL scans the table under ACCESS EXCLUSIVE"},
	{Tool: "squawk", ID: "adding-serial-primary-key-field", Title: "adding a primary key without USING INDEX builds its index under ACCESS EXCLUSIVE"},
	{Tool: "squawk", ID: "adding-required-field", Title: "adding a NOT NULL column without a default"},
	{Tool: "squawk", ID: "ban-alter-domain-with-add-constraint", Title: "ALTER DOMAIN … ADD CONSTRAINT"},
	{Tool: "squawk", ID: "ban-char-field", Title: "char(n) columns"},
	{Tool: "squawk", ID: "ban-concurrent-index-creation-in-transaction", Title: "CREATE INDEX CONCURRENTLY inside a transaction"},
	{Tool: "squawk", ID: "ban-create-domain-with-constraint", Title: "CREATE DOMAIN with a constraint",
		None: "creating a domain touches no stored row and locks no table; adding a constraint to a domain in use does, which domain-constraint-scan reports"},
	{Tool: "squawk", ID: "ban-drop-column", Title: "DROP COLUMN"},
	{Tool: "squawk", ID: "ban-drop-database", Title: "DROP DATABASE"},
	{Tool: "squawk", ID: "ban-drop-not-null", Title: "DROP NOT NULL"},
	{Tool: "squawk", ID: "ban-drop-table", Title: "DROP TABLE"},
	{Tool: "squawk", ID: "ban-duplicate-column-assignments", Title: "a column assigned twice in one statement"},
	{Tool: "squawk", ID: "ban-truncate-cascade", Title: "TRUNCATE … CASCADE"},
	{Tool: "squawk", ID: "ban-uncommitted-transaction", Title: "a BEGIN never committed"},
	{Tool: "squawk", ID: "changing-column-type", Title: "ALTER COLUMN … TYPE"},
	{Tool: "squawk", ID: "constraint-missing-not-valid", Title: "a constraint added without NOT VALID, or validated in the transaction that added it"},
	{Tool: "squawk", ID: "disallowed-unique-constraint", Title: "a UNIQUE constraint added without USING INDEX"},
	{Tool: "squawk", ID: "identifier-too-long", Title: "a name longer than 63 bytes"},
	{Tool: "squawk", ID: "prefer-bigint-over-int", Title: "int and serial columns"},
	{Tool: "squawk", ID: "prefer-bigint-over-smallint", Title: "smallint and smallserial columns"},
	{Tool: "squawk", ID: "prefer-identity", Title: "serial columns"},
	{Tool: "squawk", ID: "prefer-repack", Title: "CLUSTER and VACUUM FULL (PostgreSQL 19: REPACK)"},
	{Tool: "squawk", ID: "prefer-robust-stmts", Title: "statements that cannot be re-run after a partial failure"},
	{Tool: "squawk", ID: "prefer-text-field", Title: "varchar(n) columns"},
	{Tool: "squawk", ID: "prefer-timestamp-tz", Alias: "prefer-timestamptz", Title: "timestamp without time zone columns"},
	{Tool: "squawk", ID: "renaming-column", Title: "RENAME COLUMN"},
	{Tool: "squawk", ID: "renaming-table", Title: "RENAME TO"},
	{Tool: "squawk", ID: "require-concurrent-index-creation", Title: "CREATE INDEX without CONCURRENTLY"},
	{Tool: "squawk", ID: "require-concurrent-index-deletion", Title: "DROP INDEX without CONCURRENTLY"},
	{Tool: "squawk", ID: "require-concurrent-partition-detach", Title: "DETACH PARTITION without CONCURRENTLY"},
	{Tool: "squawk", ID: "require-concurrent-reindex", Title: "REINDEX without CONCURRENTLY"},
	{Tool: "squawk", ID: "require-enum-value-ordering", Title: "ADD VALUE without BEFORE or AFTER"},
	{Tool: "squawk", ID: "require-lock-timeout", Title: "a lock taken with no lock_timeout"},
	{Tool: "squawk", ID: "require-statement-timeout", Title: "a slow statement with no statement_timeout"},
	{Tool: "squawk", ID: "require-table-schema", Title: "a table name without its schema (off by default)",
		None: "an unqualified name is resolved through the search_path, public unless the migration changes it, and migguard reads it that way: a name is a style choice, not a hazard of the migration"},
	{Tool: "squawk", ID: "require-timeout-settings", Title: "deprecated: both timeout rules", Expands: []string{"require-lock-timeout", "require-statement-timeout"}},
	{Tool: "squawk", ID: "transaction-nesting", Title: "BEGIN inside a transaction, COMMIT outside one"},
	{Tool: "squawk", ID: "unused-ignore", Title: "an ignore comment naming an unknown rule"},

	{Tool: "eugene", ID: "E1", Title: "Validating table with a new constraint"},
	{Tool: "eugene", ID: "E2", Title: "Validating table with a new NOT NULL column"},
	{Tool: "eugene", ID: "E3", Title: "Add a new JSON column"},
	{Tool: "eugene", ID: "E4", Title: "Running more statements after taking AccessExclusiveLock"},
	{Tool: "eugene", ID: "E5", Title: "Type change requiring table rewrite"},
	{Tool: "eugene", ID: "E6", Title: "Creating a new index on an existing table"},
	{Tool: "eugene", ID: "E7", Title: "Creating a new unique constraint"},
	{Tool: "eugene", ID: "E8", Title: "Creating a new exclusion constraint"},
	{Tool: "eugene", ID: "E9", Title: "Taking dangerous lock without timeout"},
	{Tool: "eugene", ID: "E10", Title: "Rewrote table or index while holding dangerous lock"},
	{Tool: "eugene", ID: "E11", Title: "Adding a SERIAL or GENERATED … STORED column"},
	{Tool: "eugene", ID: "W12", Title: "Multiple ALTER TABLE statements where one will do"},
	{Tool: "eugene", ID: "W13", Title: "Creating an enum",
		None: "an enum is a design choice that locks nothing; migguard reports the enum changes that fail or break readers instead (enum-value-used-in-same-transaction, rename-enum-value, enum-add-value-unordered)"},
	{Tool: "eugene", ID: "W14", Title: "Adding a primary key using an index"},
	{Tool: "eugene", ID: "E15", Title: "Missing index"},
}

// PeerRules returns the peers' rules, squawk's then eugene's, in the
// order of their own catalogues.
func PeerRules() []*PeerRule { return peerRules }

// LookupPeer returns the peer rule that tool calls id (an alias
// included), or nil.
func LookupPeer(tool, id string) *PeerRule {
	for _, pr := range peerRules {
		if pr.Tool == tool && (pr.ID == id || pr.Alias != "" && pr.Alias == id) {
			return pr
		}
	}
	return nil
}

// FindPeer returns the peer rule named name by either tool: a squawk rule
// name or an eugene hint id (case-insensitive: e2 is E2).
func FindPeer(name string) *PeerRule {
	if pr := LookupPeer("squawk", name); pr != nil {
		return pr
	}
	return LookupPeer("eugene", strings.ToUpper(name))
}

// Covering returns the migguard rules that cover a peer rule, by id; for
// an alias, those that cover what it expands to.
func (r *PeerRule) Covering() []*Rule {
	keys := map[string]bool{r.Key(): true}
	for _, e := range r.Expands {
		keys[r.Tool+":"+e] = true
	}
	var out []*Rule
	for _, ru := range All() {
		for _, p := range ru.Peers {
			if keys[p] {
				out = append(out, ru)
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// coversPeer reports whether migguard rule id covers the peer rule that
// tool calls name.
func coversPeer(tool, name, id string) bool {
	pr := LookupPeer(tool, name)
	if pr == nil {
		return false
	}
	for _, ru := range pr.Covering() {
		if ru.ID == id {
			return true
		}
	}
	return false
}
