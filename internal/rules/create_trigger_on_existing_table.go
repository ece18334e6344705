package rules

// createTriggerOnExistingTable flags CREATE TRIGGER on a table that existed
// before the migration.
//
//	CREATE TRIGGER users_audit AFTER UPDATE ON users
//	    FOR EACH ROW EXECUTE FUNCTION audit(); -- flagged
var createTriggerOnExistingTable = &Rule{
	ID:       "create-trigger-on-existing-table",
	Title:    "trigger added to an existing table blocks writes and slows every write after",
	Severity: Info,
	Lock:     "SHARE ROW EXCLUSIVE",
	Detects: "`CREATE [OR REPLACE] [CONSTRAINT] TRIGGER` on a table that existed before this migration; INSTEAD OF " +
		"triggers on views and triggers on tables created in the same migration are left alone.",
	Why: "CREATE TRIGGER takes SHARE ROW EXCLUSIVE: while it waits behind running transactions, every write to the " +
		"table queues behind it. Once in place, the trigger function runs inside every matching write, so a slow or " +
		"failing function slows down or breaks the application's writes.",
	Fix: "Set a short `lock_timeout` before the CREATE TRIGGER and retry on timeout; keep the trigger function cheap " +
		"and test it against production-like data; keep the transaction that creates it short.",
	Help: "set lock_timeout first and keep the trigger function cheap",
	Check: func(p *Pass) {
		ct := p.Node().GetCreateTrigStmt()
		if ct == nil || ct.Relation == nil || p.Created(ct.Relation) || ct.Timing&triggerInstead != 0 {
			return
		}
		p.Report(ct.Relation.Location, "creating trigger %q on %q takes SHARE ROW EXCLUSIVE, which blocks writes while it waits, and adds work to every write to the table",
			ct.Trigname, displayRel(ct.Relation))
	},
}

// triggerInstead is the INSTEAD OF bit of CreateTrigStmt.Timing (PostgreSQL's TRIGGER_TYPE_INSTEAD).
const triggerInstead = 1 << 6

func init() { Register(createTriggerOnExistingTable) }
