package cache

import (
	"bytes"
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
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	if id, isELF := elfBuildID(f); isELF {
		return id
	}
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

// elfBuildID returns the Go build ID of an ELF executable from its note
// segments (PT_NOTE), which the loader maps near the file's start; isELF
// is false when the file is not a 64-bit or 32-bit ELF file. It reads the
// file header, the program headers and the notes, not the section
// headers at the end of the file that debug/elf reads first.
func elfBuildID(f io.ReaderAt) (id string, isELF bool) {
	var ident [64]byte
	n, _ := f.ReadAt(ident[:], 0)
	if n < 52 || string(ident[:4]) != "\x7fELF" {
		return "", false
	}
	var order binary.ByteOrder
	switch ident[5] {
	case 1:
		order = binary.LittleEndian
	case 2:
		order = binary.BigEndian
	default:
		return "", true
	}
	var phoff, phentsize, phnum uint64
	switch ident[4] {
	case 1: // 32-bit
		phoff, phentsize, phnum = uint64(order.Uint32(ident[28:])), uint64(order.Uint16(ident[42:])), uint64(order.Uint16(ident[44:]))
	case 2: // 64-bit
		if n < 64 {
			return "", true
		}
		phoff, phentsize, phnum = order.Uint64(ident[32:]), uint64(order.Uint16(ident[54:])), uint64(order.Uint16(ident[56:]))
	default:
		return "", true
	}
	const ptNote = 4
	if phnum > 64 || phentsize < 32 || phentsize > 128 {
		return "", true
	}
	phdrs := make([]byte, phnum*phentsize)
	if _, err := f.ReadAt(phdrs, int64(phoff)); err != nil {
		return "", true
	}
	for i := uint64(0); i < phnum; i++ {
		ph := phdrs[i*phentsize:]
		var off, size uint64
		if order.Uint32(ph) != ptNote {
			continue
		}
		if ident[4] == 1 {
			off, size = uint64(order.Uint32(ph[4:])), uint64(order.Uint32(ph[16:]))
		} else {
			off, size = order.Uint64(ph[8:]), order.Uint64(ph[32:])
		}
		if size > 1<<16 {
			continue
		}
		notes := make([]byte, size)
		if _, err := f.ReadAt(notes, int64(off)); err != nil {
			continue
		}
		if id := goNote(notes, order); id != "" {
			return id, true
		}
	}
	return "", true
}

// goNote returns the build ID of the Go note (name "Go", type 4) among
// the notes of a note segment, "" when there is none. Each note is a name
// size, a description size and a type (4 bytes each), then the name and
// the description, each padded to 4 bytes.
func goNote(notes []byte, order binary.ByteOrder) string {
	const goBuildIDType = 4
	for len(notes) >= 12 {
		namesz, descsz, typ := uint64(order.Uint32(notes)), uint64(order.Uint32(notes[4:])), order.Uint32(notes[8:])
		name, desc := 12+(namesz+3)&^3, (descsz+3)&^3
		if name > uint64(len(notes)) || desc > uint64(len(notes))-name {
			return ""
		}
		if typ == goBuildIDType && namesz == 4 && string(notes[12:16]) == "Go\x00\x00" {
			return string(notes[name : name+descsz])
		}
		notes = notes[name+desc:]
	}
	return ""
}
