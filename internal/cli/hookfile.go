package cli

import (
	"fmt"
	"os"
	"strings"
)

// checkHook returns why hooks install may not replace the hook file p
// (named name): without force, a symbolic link (whose target may be a
// script other repositories share) or a hook that migguard did not write.
func checkHook(p, name string, force bool) error {
	if force {
		return nil
	}
	if target, ok := linkTarget(p); ok {
		return fmt.Errorf("%s is a symbolic link to %s; hooks install does not write through links (the script it points to "+
			"may be shared): use -force to replace the link itself (it is kept as %s.migguard-backup)", p, target, name)
	}
	if data, err := os.ReadFile(p); err == nil && !strings.Contains(string(data), hookMarker) {
		return fmt.Errorf("%s exists and was not written by migguard; run its checks from it yourself, or use -force to "+
			"replace it (it is kept as %s.migguard-backup)", p, name)
	}
	return nil
}

// writeHook replaces the hook file p with script. A symbolic link, or a
// hook that migguard did not write, is first moved to p.migguard-backup
// (the link itself, not what it points to); kept says so, "" when nothing
// was kept. Nothing is written through a link.
func writeHook(p, script string) (kept string, err error) {
	backup := p + ".migguard-backup"
	if target, ok := linkTarget(p); ok {
		kept = fmt.Sprintf("kept the symbolic link %s (to %s) as %s", p, target, backup)
	} else if data, err := os.ReadFile(p); err == nil && !strings.Contains(string(data), hookMarker) {
		kept = fmt.Sprintf("kept the old %s as %s", p, backup)
	}
	if kept != "" {
		if err := os.Rename(p, backup); err != nil {
			return "", fmt.Errorf("keeping %s as %s: %w", p, backup, err)
		}
	}
	return kept, replaceFile(p, []byte(script), 0o755)
}
