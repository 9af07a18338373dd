package reloader

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// tempPrefix starts the names of the engine's temporary directories, and
// ownerFile is the file in each that says which process made it.
const (
	tempPrefix = "devserve-"
	ownerFile  = "owner"
)

// tempDir is the engine's own directory for binaries. Its owner file
// holds the engine's process ID (and, on Windows, a lock the process
// holds until it ends), so that the next engine can remove a directory
// whose process died without removing it (kill -9).
type tempDir struct {
	path  string
	owner *os.File // open until remove: the lock, where there is one
}

// newTempDir removes the directories in root (the system's temporary
// directory if empty) that dead engines left behind, then makes this
// engine's own.
func newTempDir(root string) (*tempDir, error) {
	removeStale(root)
	dir, err := os.MkdirTemp(root, tempPrefix)
	if err != nil {
		return nil, fmt.Errorf("reloader: %w", err)
	}
	f, err := os.Create(filepath.Join(dir, ownerFile))
	if err == nil {
		err = lockOwner(f)
	}
	if err == nil {
		_, err = f.WriteString(strconv.Itoa(os.Getpid()))
	}
	if err != nil {
		if f != nil {
			f.Close()
		}
		os.RemoveAll(dir)
		return nil, fmt.Errorf("reloader: %w", err)
	}
	return &tempDir{path: dir, owner: f}, nil
}

// remove removes the directory and everything in it.
func (d *tempDir) remove() {
	d.owner.Close()
	os.RemoveAll(d.path)
}

// removeStale removes the engines' directories in root whose owner
// process is gone. A directory without an owner file, one being made or
// of another program, is left alone.
func removeStale(root string) {
	root = cmp.Or(root, os.TempDir())
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), tempPrefix) {
			continue
		}
		dir := filepath.Join(root, e.Name())
		if ownerGone(dir) {
			os.RemoveAll(dir)
		}
	}
}
