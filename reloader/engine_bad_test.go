package reloader

import (
	"os"
	"path/filepath"
	"testing"
)

// TestEngineBadWatchedDirs checks that symlink loops in the module do
// not trip the watcher, and that a package directory renamed away fails
// the build until it comes back.
func TestEngineBadWatchedDirs(t *testing.T) {
	dir := copyTree(t, "testdata/app")
	msg := filepath.Join(dir, "msg")
	for _, l := range [][2]string{{".", filepath.Join(msg, "self")}, {"b", filepath.Join(dir, "a")}, {"a", filepath.Join(dir, "b")}} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Skipf("symlinks: %v", err)
		}
	}
	er := startEngine(t, &Engine{Dir: dir})
	er.serves("v1")

	writeFile(t, filepath.Join(msg, "msg.go"), msgSource("through loops"))
	er.serves("through loops")

	if err := os.Rename(msg, msg+".away"); err != nil {
		t.Fatal(err)
	}
	er.next(BuildFailed)
	if err := os.Rename(msg+".away", msg); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(msg, "msg.go"), msgSource("renamed back"))
	er.serves("renamed back")

}
