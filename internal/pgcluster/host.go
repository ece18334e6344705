package pgcluster

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"strconv"
	"strings"
	"syscall"
)

// DirPrefix starts the name of every cluster directory Start creates, in
// the system's temporary directory.
const DirPrefix = "migguard-pg-"

// ownerPIDFile, in a cluster directory, holds the PID of the migguard
// process that created it: SweepDirs leaves the directory alone while that
// process lives.
const ownerPIDFile = "migguard.pid"

// clusterBase is the directory that holds cluster directories: the
// system's temporary directory, or /tmp when its path is so long that the
// socket path would pass the limit of about 100 bytes.
func clusterBase() string {
	base := os.TempDir()
	if len(base) > 60 {
		base = "/tmp"
	}
	return base
}

// serverEnv is the environment of the server programs: the caller's,
// without settings that would point them elsewhere.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PG") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "LC_MESSAGES=C")
}

// serverUser returns the user the server runs as: the current user, or the
// postgres system user (created when missing) when running as root.
func serverUser() (string, *syscall.Credential, error) {
	if os.Geteuid() != 0 {
		u, err := user.Current()
		if err != nil {
			return strconv.Itoa(os.Geteuid()), nil, nil
		}
		return u.Username, nil, nil
	}
	const name = "postgres"
	u, err := user.Lookup(name)
	if err != nil {
		useradd, lerr := exec.LookPath("useradd")
		if lerr != nil {
			return "", nil, fmt.Errorf("PostgreSQL refuses to run as root and there is no %s user to run it as (and no useradd to create one)", name)
		}
		out, cerr := exec.Command(useradd, "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", name).CombinedOutput()
		if cerr != nil {
			return "", nil, fmt.Errorf("creating the %s system user to run PostgreSQL (it refuses to run as root): %v: %s", name, cerr, strings.TrimSpace(string(out)))
		}
		if u, err = user.Lookup(name); err != nil {
			return "", nil, fmt.Errorf("looking up the %s user: %w", name, err)
		}
	}
	uid, _ := strconv.ParseUint(u.Uid, 10, 32)
	gid, _ := strconv.ParseUint(u.Gid, 10, 32)
	return name, &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
}

// freePort returns a TCP port that is free on the loopback interface, so the
// socket name is unlikely to be reused by another cluster.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func lastLines(s string, n int) string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
