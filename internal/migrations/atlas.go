package migrations

import (
	"fmt"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
)

// atlasDirectiveRx is Atlas's directive pattern (ariga/atlas sql/migrate).
var atlasDirectiveRx = lazyre.New(`^([ -~]*)atlas:(\w+)(?: +([ -~]*))*`)

// parseAtlas reads the `-- atlas:txmode` file directive. Atlas reads file
// directives only from the comment lines at the top of the file, and only
// when an empty line separates them from the rest.
func parseAtlas(f *File) {
	src := f.Src
	f.Up = blankBOM(src)
	f.Tx, f.TxSource = TxWrapped, "atlas default: each file runs in a transaction (txmode file)"
	content, off, n := src, 0, 1
	type directive struct {
		off, line int
		arg       string
	}
	var found []directive
	for strings.HasPrefix(content, "#") || strings.HasPrefix(content, "--") {
		end := strings.IndexByte(content, '\n')
		if end < 0 {
			end = len(content)
		}
		if m := atlasDirectiveRx.FindStringSubmatch(strings.TrimSpace(content[:end])); m != nil && m[2] == "txmode" {
			found = append(found, directive{off: off, line: n, arg: m[3]})
		}
		if end == len(content) {
			content = ""
			break
		}
		content, off, n = content[end+1:], off+end+1, n+1
	}
	detached := content == "" || strings.HasPrefix(strings.TrimLeft(content, " \t"), "\n")
	for _, d := range found {
		if !detached {
			f.Problems = append(f.Problems, Problem{Offset: d.off, Message: fmt.Sprintf(
				"-- atlas:txmode on line %d is not followed by an empty line: atlas ignores it", d.line)})
			continue
		}
		switch d.arg {
		case "none":
			f.Tx = TxNone
		case "file", "all":
			f.Tx = TxWrapped
		default:
			f.Problems = append(f.Problems, Problem{Offset: d.off, Message: fmt.Sprintf(
				"unknown atlas txmode %q on line %d: use none, file or all", d.arg, d.line)})
			continue
		}
		f.TxSource = fmt.Sprintf("-- atlas:txmode %s on line %d", d.arg, d.line)
	}
}
