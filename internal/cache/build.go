package cache

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
)

// Namespace names the build of the running program, for Open: entries
// written by another build are never read, since another build may judge
// the same files differently. version is the program's release version
// ("" or "devel" when it has none).
//
// A build of a released version or of a committed revision is named by
// that version and revision and the Go release. Any other build (a
// development build, a revision with uncommitted changes) is named by
// the Go build ID of its executable, which changes whenever the code it
// was built from does. ok is false when neither is known: the cache must
// then stay off.
func Namespace(version string) (ns string, ok bool) {
	bi, _ := debug.ReadBuildInfo()
	var rev, modified string
	if bi != nil {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if version == "" || version == "devel" {
			version = bi.Main.Version
		}
	}
	clean := version != "" && version != "(devel)" && version != "devel" && !strings.HasSuffix(version, "+dirty")
	if clean && modified != "true" {
		return "release " + version + " " + rev + " " + runtime.Version(), true
	}
	id := buildID()
	if id == "" {
		return "", false
	}
	return "build " + id + " " + runtime.Version(), true
}

var (
	buildIDOnce sync.Once
	buildIDVal  string
)

// buildID returns the Go build ID of the running executable, "" when it
// cannot be read. It reads the executable's ELF note, or on other
// systems the build ID that the linker writes near the start of the
// program text.
func buildID() string {
	buildIDOnce.Do(func() {
		exe, err := os.Executable()
		if err != nil {
			return
		}
		buildIDVal = readBuildID(exe)
	})
	return buildIDVal
}

// goBuildIDPrefix starts the build ID that the Go linker writes into the
// text of a program on systems other than ELF ones.
const goBuildIDPrefix = "\xff Go build ID: \""

func readBuildID(exe string) string {
	if f, err := elf.Open(exe); err == nil {
		defer f.Close()
		if s := f.Section(".note.go.buildid"); s != nil {
			if data, err := s.Data(); err == nil {
				return elfNoteID(data, f.ByteOrder)
			}
		}
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, buf)
	buf = buf[:n]
	i := bytes.Index(buf, []byte(goBuildIDPrefix))
	if i < 0 {
		return ""
	}
	rest := buf[i+len(goBuildIDPrefix):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}

// elfNoteID returns the build ID in the data of the Go note: a name size,
// a description size and a type (4 bytes each), the name "Go\x00\x00",
// then the ID.
func elfNoteID(data []byte, order binary.ByteOrder) string {
	const head = 12 + 4
	if len(data) < head || string(data[12:16]) != "Go\x00\x00" {
		return ""
	}
	n := order.Uint32(data[4:8])
	if int64(n) > int64(len(data)-head) {
		return ""
	}
	return string(data[head : head+int(n)])
}
