package reloader

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRemoveStale leaves a directory behind as a killed engine does, and
// checks that the next engine removes it and only it.
func TestRemoveStale(t *testing.T) {
	root := t.TempDir()
	live, err := newTempDir(root)
	if err != nil {
		t.Fatal(err)
	}
	defer live.remove()
	stale := filepath.Join(root, tempPrefix+"stale")
	writeFile(t, filepath.Join(stale, ownerFile), "2147483646") // beyond any system's process IDs
	writeFile(t, filepath.Join(stale, "1", "app"), "a binary")
	ownerless := filepath.Join(root, tempPrefix+"bench")
	writeFile(t, filepath.Join(ownerless, "data"), "another program's")

	next, err := newTempDir(root)
	if err != nil {
		t.Fatal(err)
	}
	defer next.remove()
	for dir, want := range map[string]bool{stale: false, live.path: true, ownerless: true, next.path: true} {
		if _, err := os.Stat(dir); (err == nil) != want {
			t.Errorf("after newTempDir, %s exists = %v, want %v", filepath.Base(dir), err == nil, want)
		}
	}
}
