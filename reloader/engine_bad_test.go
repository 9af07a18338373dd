package reloader

import (
	"os"
	"path/filepath"
	"testing"
	"time"
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

// TestEngineWrongPort runs an app that listens, but not on the address
// it was given, and does not say where: where the system tells the
// engine which sockets the app holds (Linux), it is found there; else
// NotListening names the address it was given.
func TestEngineWrongPort(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/wrongport\n\ngo 1.22\n")
	writeFile(t, filepath.Join(dir, "main.go"), `package main

import "net/http"

func main() { http.ListenAndServe("127.0.0.1:0", nil) }
`)
	er := startEngine(t, &Engine{Dir: dir, ReadyTimeout: 500 * time.Millisecond})
	started := er.next(Started)
	if _, ok := groupListeners(os.Getpid()); ok {
		if ready := er.next(Ready); ready.Addr == started.Addr || !ready.Adopted {
			t.Errorf("Ready = %s (adopted %v), want the app found elsewhere than %s", ready.Addr, ready.Adopted, started.Addr)
		}
		return
	}
	nl := er.next(NotListening)
	if nl.Addr != started.Addr {
		t.Errorf("NotListening.Addr = %q, want the address the app was given, %q", nl.Addr, started.Addr)
	}
}
