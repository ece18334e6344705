// Abrun times commands side by side: it runs them in rounds, alternating
// within each round (A B A B …), so that a change in the machine's load is
// shared, and prints for each the median wall time, the median CPU time
// (user + system, of the command and the processes it waited for) and the
// largest peak RSS of its runs.
//
// Usage:
//
//	go run ./internal/bench/abrun [-runs 5] [-dir DIR] [-before NAME='COMMAND'] NAME 'COMMAND' [NAME 'COMMAND' …]
//
// -dir runs every command in DIR (a hook in the repository it checks).
//
// -before gives a shell command that runs, untimed, before each run of
// NAME: to change a file before each run of a tool with a cache.
//
// Each COMMAND is split at spaces, with no shell in between whose start-up
// would be timed: leading NAME=VALUE words are added to the environment,
// the next word is the program. Its output is thrown away; exit status 0
// or 1 (a linter's findings) counts as success, any other fails the run. The
// output is one line per command: NAME, wall ms, CPU ms, peak RSS MB
// (10^6 bytes), then the wall time of each run.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"syscall"
	"time"
)

func main() {
	runs := flag.Int("runs", 5, "rounds")
	dir := flag.String("dir", "", "the directory to run the commands in")
	before := map[string]string{}
	flag.Func("before", "NAME=COMMAND: a shell command to run before each run of NAME, untimed", func(v string) error {
		name, cmd, ok := strings.Cut(v, "=")
		if !ok {
			return fmt.Errorf("want NAME=COMMAND")
		}
		before[name] = cmd
		return nil
	})
	flag.Parse()
	args := flag.Args()
	if len(args) == 0 || len(args)%2 != 0 || *runs < 1 {
		fmt.Fprintln(os.Stderr, "usage: abrun [-runs N] NAME 'COMMAND' [NAME 'COMMAND' …]")
		os.Exit(2)
	}
	type tool struct {
		name, cmd string
		walls     []float64
		cpus      []float64
		rss       float64
	}
	var tools []*tool
	for i := 0; i < len(args); i += 2 {
		tools = append(tools, &tool{name: args[i], cmd: args[i+1]})
	}
	for r := 0; r < *runs; r++ {
		for _, t := range tools {
			if b := before[t.name]; b != "" {
				sh := exec.Command("sh", "-c", b)
				sh.Dir = *dir
				if out, err := sh.CombinedOutput(); err != nil {
					fmt.Fprintf(os.Stderr, "abrun: before %s: %v\n%s", t.name, err, out)
					os.Exit(1)
				}
			}
			wall, cpu, rss, err := once(*dir, t.cmd)
			if err != nil {
				fmt.Fprintf(os.Stderr, "abrun: %s: %v\n", t.name, err)
				os.Exit(1)
			}
			t.walls = append(t.walls, wall)
			t.cpus = append(t.cpus, cpu)
			t.rss = max(t.rss, rss)
		}
	}
	for _, t := range tools {
		var each []string
		for _, w := range t.walls {
			each = append(each, fmt.Sprintf("%.1f", w))
		}
		fmt.Printf("%s %.1f %.1f %.1f %s\n", t.name, median(t.walls), median(t.cpus), t.rss, strings.Join(each, ","))
	}
}

// once runs cmd and returns its wall and CPU time in milliseconds and its
// peak RSS in MB.
func once(dir, cmd string) (wall, cpu, rss float64, err error) {
	words := strings.Fields(cmd)
	env := os.Environ()
	for len(words) > 0 && strings.Contains(words[0], "=") {
		env = append(env, words[0])
		words = words[1:]
	}
	if len(words) == 0 {
		return 0, 0, 0, fmt.Errorf("no program in %q", cmd)
	}
	c := exec.Command(words[0], words[1:]...)
	c.Env = env
	c.Dir = dir
	start := time.Now()
	err = c.Run()
	wall = float64(time.Since(start).Microseconds()) / 1000
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		err = nil
	}
	if err != nil {
		return 0, 0, 0, err
	}
	ru := c.ProcessState.SysUsage().(*syscall.Rusage)
	cpu = float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
	rss = float64(ru.Maxrss) * 1024 / 1e6 // Linux reports KiB
	return wall, cpu, rss, nil
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
