//go:build unix

package reloader

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// lockOwner does nothing: the owner's process ID says whether it lives.
func lockOwner(*os.File) error { return nil }

// ownerPID returns the process ID dir's owner file holds.
func ownerPID(dir string) (int, bool) {
	data, err := os.ReadFile(filepath.Join(dir, ownerFile))
	if err != nil {
		return 0, false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	return pid, err == nil && pid > 0
}
