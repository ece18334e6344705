package rules

// banCharField flags char(n) / character(n) columns.
//
//	CREATE TABLE countries (code char(2));                             -- flagged
//	CREATE TABLE countries (code text CHECK (length(code) = 2));       -- fine
var banCharField = &Rule{
	ID:       "ban-char-field",
	Peers:    []string{"squawk:ban-char-field"},
	Title:    "blank-padded char(n) column",
	Severity: Info,
	Optional: true,
	Detects: "Columns of type `char`, `char(n)`, `character(n)` or `bpchar` (arrays included) in CREATE TABLE, ADD " +
		"COLUMN and ALTER COLUMN … TYPE. The internal one-byte type `\"char\"` and temporary tables are left alone.",
	Why: "char(n) pads every value with spaces to n characters and strips them again in most operations: trailing " +
		"spaces are ignored in comparisons, lost on conversion to text, and LIKE and regular expressions behave " +
		"differently from equality. It is not faster than text or varchar, and a plain `char` means char(1), which " +
		"rejects anything longer than one character.",
	Fix:  "Use `text` (or `varchar`), with `CHECK (length(col) = n)` when a fixed length is really required.",
	Help: "use text, with a CHECK on the length if it matters",
	Check: func(p *Pass) {
		for _, c := range typedColumns(p.Node()) {
			if c.typ.Name != "bpchar" {
				continue
			}
			p.Report(c.loc, "%s is %s: values are blank-padded to the length and trailing spaces are ignored in "+
				"comparisons; use text (with a CHECK on the length) or varchar", c.where(), sqlTypeName(c.typ))
		}
	},
}

func init() { Register(banCharField) }
