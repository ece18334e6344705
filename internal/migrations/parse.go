package migrations

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// MaxFileSize is the largest migration file migguard reads.
const MaxFileSize = 64 << 20

// binaryProbe is how many leading bytes are searched for a NUL byte, as git
// does to tell binary files from text.
const binaryProbe = 8000

// ParseFile reads one migration file of the given format: it checks that
// the file is text, splits it into its up and down parts the way the tool
// does, records format problems, and works out how the tool runs the up
// part in transactions. A `-- migguard:tx <mode>` line overrides the
// format's transaction model.
//
// path is the slash-separated path as printed; its base name gives Version
// and Name where the format puts them in the file name. ParseFile does not
// judge the name: LoadDir does.
//
// The error is an *InputError for content that cannot be linted at all: a
// file over MaxFileSize, a binary file (a NUL byte in the first 8000
// bytes), or text that is not UTF-8. Nothing is stripped from the text: a
// UTF-8 byte order mark and CR LF line ends stay in Src, so every offset is
// an offset of the file as read; the parts blank the byte order mark.
func ParseFile(format Format, path string, src []byte) (*File, error) {
	if err := checkText(path, src); err != nil {
		return nil, err
	}
	f := &File{Path: path, Src: string(src)}
	f.Version, f.Name, f.Repeatable = nameParts(format, path)
	switch format {
	case Goose:
		parseGoose(f)
	case Dbmate:
		parseDbmate(f)
	case GolangMigrate:
		parseGolangMigrate(f)
	case Pop:
		parsePop(f)
	case Flyway:
		parseFlyway(f)
	case Atlas:
		parseAtlas(f)
	case SQLMigrate:
		parseSQLMigrate(f)
	case Tern:
		parseTern(f)
	case Diesel:
		parseDiesel(f)
	case Prisma:
		f.Up = blankBOM(f.Src)
		f.Tx, f.TxSource = TxImplicit, "prisma migrate sends migration.sql as one multi-statement string"
	case Sqitch:
		f.Up = blankBOM(f.Src)
		f.Tx, f.TxSource = TxNone, "sqitch runs each script with psql --file, in autocommit: a BEGIN … COMMIT in the script is its transaction"
	case Plain, Single:
		f.Up = blankBOM(f.Src)
		f.Tx, f.TxSource = TxNone, "plain SQL: psql -f runs each statement in autocommit"
	default:
		return nil, fmt.Errorf("%s: unknown migration format %q", path, format)
	}
	readTemplates(f)
	if runsInPsql(format) {
		readPsql(f)
	}
	applyTxDirective(f)
	return f, nil
}

// runsInPsql reports whether the format's files are run by psql, which
// reads backslash meta-commands and COPY data itself.
func runsInPsql(format Format) bool {
	return format == Plain || format == Single || format == Sqitch
}

// checkText rejects what cannot be linted as SQL text.
func checkText(path string, src []byte) error {
	if len(src) > MaxFileSize {
		return &InputError{Path: path, Err: tooLarge(MaxFileSize).Error()}
	}
	probe := src
	if len(probe) > binaryProbe {
		probe = probe[:binaryProbe]
	}
	if bytes.IndexByte(probe, 0) >= 0 {
		return &InputError{Path: path, Err: "binary file"}
	}
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, n := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		line := bytes.Count(src[:off], []byte("\n")) + 1
		return &InputError{Path: path, Err: fmt.Sprintf("invalid UTF-8 at byte %d (line %d)", off, line)}
	}
	return nil
}

// applyTxDirective lets `-- migguard:tx <mode>` override the format.
func applyTxDirective(f *File) {
	off, arg, found := findTxDirective(f.Src)
	if !found {
		return
	}
	mode, ok := ParseTxMode(arg)
	if !ok {
		f.Problems = append(f.Problems, Problem{Offset: off, Message: fmt.Sprintf(
			"-- migguard:tx %q on line %d is not a transaction mode: use none, wrapped or implicit", arg, lineAt(f.Src, off))})
		return
	}
	f.Tx = mode
	f.TxSource = fmt.Sprintf("-- migguard:tx %s on line %d", mode, lineAt(f.Src, off))
}

// nameParts reads the version and description the format's tool reads
// from the file name; ok-ness of the name is LoadDir's concern.
func nameParts(format Format, p string) (version, name string, repeatable bool) {
	base := path.Base(p)
	switch format {
	case GolangMigrate:
		if m := golangMigrateRx.FindStringSubmatch(base); m != nil {
			return m[1], m[2], false
		}
	case Pop:
		if m := popNameRx.FindStringSubmatch(base); m != nil {
			return m[1], m[2], false
		}
	case Diesel, Prisma:
		v, desc := versionDirParts(format, path.Base(path.Dir(p)))
		return v, desc, false
	case Goose, Atlas, Dbmate, Plain, Tern, SQLMigrate:
		stem := strings.TrimSuffix(base, ".sql")
		digits := leadingDigits(stem)
		if digits == "" {
			return "", stem, false
		}
		rest := strings.TrimLeft(stem[len(digits):], "_-.")
		return digits, rest, false
	case Flyway:
		if fn, ok := parseFlywayName(base); ok {
			return fn.version, fn.desc, fn.kind == 'R'
		}
	}
	return "", strings.TrimSuffix(base, ".sql"), false
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}
