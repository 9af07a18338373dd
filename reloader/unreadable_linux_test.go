package reloader

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// asNobody is set in the environment of a test run again as an
// unprivileged user, so that it never runs itself again.
const asNobody = "RELOADER_TEST_AS_NOBODY"

// TestWatchUnreadableDir makes a watched package directory unreadable
// while the engine watches it: the engine says so in one line naming the
// directory and the remedy, keeps watching with fsnotify, still sees the
// other directory's changes, asks for a rebuild, and picks the directory
// up again once it is readable. Root reads anything, so as root the test
// runs again as nobody.
func TestWatchUnreadableDir(t *testing.T) {
	if os.Geteuid() == 0 {
		if os.Getenv(asNobody) != "" {
			t.Fatal("run as nobody, but still root")
		}
		runAsNobody(t, "TestWatchUnreadableDir")
		return
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	ws := newWatchSet(nil, goEnv{}, globs{root: dir})
	for _, d := range []string{a, b} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(d, "x.go"), "package x\n")
		ws.addPackage(&listedPackage{Dir: d, GoFiles: []string{"x.go"}})
	}
	nw, err := newNotifyWatcher()
	if err != nil {
		t.Fatal(err)
	}
	var term bytes.Buffer
	r := &runner{root: dir, set: ws, w: nw, stderr: &term}
	r.s.settle, r.s.debounce = time.Hour, time.Hour // only the change's names matter here
	rebuilds := func(name string) bool { return r.ch.names[name] && r.ch.act == rebuild }
	t.Cleanup(func() {
		r.settle.stop()
		r.debounce.stop()
		r.w.close()
		os.Chmod(a, 0o755) // so that the temporary directory can be removed
	})
	r.rewatch()

	steps := []struct {
		name string
		do   func() error
		done func() bool // awaited, feeding the watcher's events to the runner
	}{
		{"chmod 000 a", func() error { return os.Chmod(a, 0) }, func() bool { return rebuilds(a) }},
		{"write b/x.go", func() error { return os.WriteFile(filepath.Join(b, "x.go"), []byte("package x // b\n"), 0o644) },
			func() bool { return rebuilds(filepath.Join(b, "x.go")) }},
		{"rewatch after a build", func() error { r.rewatch(); return nil }, func() bool { return true }},
		{"chmod 755 a", func() error { delete(r.ch.names, a); return os.Chmod(a, 0o755) },
			func() bool { return rebuilds(a) }},
		{"write a/x.go", func() error { return os.WriteFile(filepath.Join(a, "x.go"), []byte("package x // a\n"), 0o644) },
			func() bool { return rebuilds(filepath.Join(a, "x.go")) }},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if !feedWatcher(r, s.done, 10*time.Second) {
			t.Fatalf("%s: no rebuild asked for within 10s; changed %v, terminal %q", s.name, r.ch.names, term.String())
		}
		if m := r.w.mode(); m != "fsnotify" {
			t.Fatalf("%s: watcher mode = %q, want fsnotify; terminal %q", s.name, m, term.String())
		}
	}
	lines := strings.Split(strings.TrimSpace(term.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], a+":") || !strings.Contains(lines[0], "permission denied") ||
		!strings.Contains(lines[0], "chmod u+rx "+a) {
		t.Errorf("terminal = %q, want one line naming %s, permission denied and chmod u+rx", term.String(), a)
	}
}

// feedWatcher hands the watcher's events and errors to r until done reports
// true, and reports whether it did before the timeout.
func feedWatcher(r *runner, done func() bool, timeout time.Duration) bool {
	expired := time.After(timeout)
	for !done() {
		select {
		case ev := <-r.w.events():
			r.onFileEvent(context.Background(), ev)
		case err := <-r.w.errors():
			r.onWatchError(context.Background(), err)
		case <-expired:
			return false
		}
	}
	return true
}

// runAsNobody runs test again, alone, as uid and gid 65534, from a copy
// of the test binary that user may execute, with a TMPDIR it may write.
func runAsNobody(t *testing.T, test string) {
	top, err := os.MkdirTemp("", "reloader-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(top) })
	tmp := filepath.Join(top, "tmp")
	if err := os.Mkdir(tmp, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(top, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(tmp, 0o777); err != nil { // not narrowed by the umask
		t.Fatal(err)
	}
	bin := filepath.Join(top, "reloader.test")
	copyExecutable(t, bin)
	cmd := exec.Command(bin, "-test.run=^"+test+"$", "-test.count=1", "-test.v")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), asNobody+"=1", "TMPDIR="+tmp)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s as uid 65534: %v\n%s", test, err, out)
	}
	if !bytes.Contains(out, []byte("--- PASS: "+test)) {
		t.Fatalf("%s as uid 65534 did not pass:\n%s", test, out)
	}
}

// copyExecutable copies the running test binary to name, executable by all.
func copyExecutable(t *testing.T, name string) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
