//go:build unix

package serving

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// reloadWait bounds each wait of the reloader tests: builds of the test
// module link a whole web server, on machines that may be busy.
const reloadWait = 2 * time.Minute

// selfModule copies testdata/selfreload into a new directory and makes it
// a module that uses this repository's serving package, and returns the
// directory.
func selfModule(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	repoMod := strings.TrimSpace(string(out))
	dir := filepath.Join(t.TempDir(), "selfreload")
	if err := os.CopyFS(dir, os.DirFS("testdata/selfreload")); err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile(repoMod)
	if err != nil {
		t.Fatal(err)
	}
	mod := strings.Replace(string(gomod), "module github.com/devserve/devserve", "module example.com/selfreload", 1) +
		"\nrequire github.com/devserve/devserve v0.0.0\n\nreplace github.com/devserve/devserve => " + filepath.Dir(repoMod) + "\n"
	writeFile(t, filepath.Join(dir, "go.mod"), mod)
	sum, err := os.ReadFile(filepath.Join(filepath.Dir(repoMod), "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "go.sum"), string(sum))
	return dir
}

// writeFile writes content to name.
func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// setMessage writes the test module's msg package, answering text.
func setMessage(t *testing.T, dir, text string) {
	t.Helper()
	writeFile(t, filepath.Join(dir, "msg", "msg.go"), "package msg\n\n// Text is the greeting.\nfunc Text() string { return "+strconv.Quote(text)+" }\n")
}

// reloading is a program started with the reloader: the go command that
// runs it, or the program itself.
type reloading struct {
	cmd  *exec.Cmd
	out  *safeBuffer // standard output and error
	url  string      // the public address, as the banner shows it
	pids []int       // the processes seen serving: children and supervisor
}

// startReloading starts cmd in a process group of its own, with its
// output captured, and waits for the banner. Cleanup kills whatever is
// left of it.
func startReloading(t *testing.T, cmd *exec.Cmd) *reloading {
	t.Helper()
	r := &reloading{cmd: cmd, out: new(safeBuffer)}
	cmd.Stdout, cmd.Stderr = r.out, r.out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, pid := range append(r.pids, cmd.Process.Pid) {
			_ = syscall.Kill(-pid, syscall.SIGKILL)
		}
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("output:\n%s", r.out)
		}
	})
	if !r.out.awaitContains("Press CTRL+C to quit", reloadWait) {
		t.Fatalf("no banner within %v", reloadWait)
	}
	m := regexp.MustCompile(` \* Running on (http://127\.0\.0\.1:\d+)\n`).FindStringSubmatch(r.out.String())
	if m == nil {
		t.Fatalf("the banner does not show the URL")
	}
	r.url = m[1]
	return r
}

// awaitAfter waits until b holds a copy of s after the n-th copy of
// mark (after its start, for n = 0), each write to b being a signal to
// look again. Waiting for what follows a given line, not for a count,
// keeps the tests right when a file of the replaced module changes
// under them, which also restarts the program.
func (b *safeBuffer) awaitAfter(t *testing.T, mark string, n int, s string) {
	t.Helper()
	deadline := time.After(reloadWait)
	for {
		b.mu.Lock()
		ok := holdsAfter(b.b.String(), mark, n, s)
		if !ok && b.wrote == nil {
			b.wrote = make(chan struct{})
		}
		wrote := b.wrote
		b.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-wrote:
		case <-deadline:
			t.Fatalf("output has no %q after %q #%d within %v", s, mark, n, reloadWait)
		}
	}
}

// holdsAfter reports whether out holds s after the n-th copy of mark.
func holdsAfter(out, mark string, n int, s string) bool {
	for range n {
		i := strings.Index(out, mark)
		if i < 0 {
			return false
		}
		out = out[i+len(mark):]
	}
	return strings.Contains(out, s)
}

// get requests path from the public address, as a browser or as curl.
func (r *reloading) get(t *testing.T, path, accept string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", r.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", accept)
	resp, err := (&http.Client{Timeout: reloadWait}).Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode, string(body)
}

// expect requests / and checks that the answer starts with want, and
// records the process ids it names.
func (r *reloading) expect(t *testing.T, want string) {
	t.Helper()
	code, body := r.get(t, "/", "text/plain")
	if code != http.StatusOK || !strings.HasPrefix(body, want) {
		t.Fatalf("GET / = %d %q, want 200 %q...", code, body, want)
	}
	m := regexp.MustCompile(`pid=(\d+) ppid=(\d+)`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("GET / = %q, want process ids", body)
	}
	for _, s := range m[1:] {
		pid, _ := strconv.Atoi(s)
		r.pids = append(r.pids, pid)
	}
}

// stop interrupts the process group, as Ctrl+C does, and checks that
// the supervisor exits cleanly and leaves no process it started. The go
// command exits with status 1 after an interrupt whatever its program
// did; so go run is checked for stopping, the program itself for its
// status.
func (r *reloading) stop(t *testing.T) {
	t.Helper()
	if err := syscall.Kill(-r.cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- r.cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(reloadWait):
		t.Fatalf("still running %v after SIGINT", reloadWait)
	}
	if r.cmd.Args[0] != "go" && err != nil {
		t.Errorf("exit after SIGINT: %v, want status 0", err)
	}
	if supervisor := r.pids[len(r.pids)-1]; !strings.Contains(r.out.String(), fmt.Sprintf("pid %d stopped cleanly\n", supervisor)) {
		t.Errorf("output = %q, want the supervisor (pid %d) to stop cleanly", r.out, supervisor)
	}
	for _, pid := range r.pids {
		if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
			t.Errorf("process %d after the stop: kill(0) = %v, want %v", pid, err, syscall.ESRCH)
		}
	}
}

func TestReloaderGoRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program")
	}
	dir := selfModule(t)
	cmd := exec.Command("go", "run", ".", "127.0.0.1:0")
	cmd.Dir = dir
	r := startReloading(t, cmd)
	r.expect(t, "hello v1 untagged root")
	if !strings.Contains(r.out.String(), " * Restarting with fsnotify\n") {
		t.Errorf("output = %q, want %q", r.out, " * Restarting with fsnotify")
	}

	const changed = " * Detected change in 'msg/msg.go', reloading\n"
	const restarting = " * Restarting with fsnotify\n"
	setMessage(t, dir, "hello v2")
	r.out.awaitAfter(t, changed, 1, restarting)
	r.expect(t, "hello v2 untagged root")

	writeFile(t, filepath.Join(dir, "msg", "msg.go"), "package msg\n\nfunc Text() string { return \n")
	r.out.awaitAfter(t, changed, 2, "   msg/msg.go:4:1: syntax error") // relative to the module
	code, body := r.get(t, "/", "text/html")
	if code != http.StatusInternalServerError || !strings.Contains(body, "msg.go") {
		t.Errorf("GET / after a syntax error = %d, %d bytes, want 500 and a page naming msg.go", code, len(body))
	}

	setMessage(t, dir, "hello v3")
	r.out.awaitAfter(t, changed, 3, restarting)
	r.expect(t, "hello v3 untagged root")

	code, body = r.get(t, "/panic", "text/html")
	if code != http.StatusInternalServerError || !strings.Contains(body, "boom from the test app") || !strings.Contains(body, "site.go") {
		t.Errorf("GET /panic = %d %.200q, want 500 and the debugger's page", code, body)
	}
	r.stop(t)
}

func TestReloaderGoRunSubdirectory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program")
	}
	dir := selfModule(t)
	cmd := exec.Command("go", "run", "-tags=extra", "./cmd/app", "127.0.0.1:0")
	cmd.Dir = dir
	r := startReloading(t, cmd)
	r.expect(t, "hello v1 tagged app")
	setMessage(t, dir, "hello v2")
	r.out.awaitAfter(t, " * Detected change in 'msg/msg.go', reloading\n", 1, " * Restarting with fsnotify\n")
	r.expect(t, "hello v2 tagged app")
	r.stop(t)
}

// go run main.go records no module in the build information; the
// package of main.go's directory is rebuilt.
func TestReloaderGoRunFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program")
	}
	dir := selfModule(t)
	cmd := exec.Command("go", "run", "main.go", "127.0.0.1:0")
	cmd.Dir = dir
	r := startReloading(t, cmd)
	r.expect(t, "hello v1 untagged root")
	r.stop(t)
}

func TestReloaderBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program")
	}
	dir := selfModule(t)
	bin := filepath.Join(t.TempDir(), "app")
	build := exec.Command("go", "build", "-tags=extra", "-o", bin, "./cmd/app")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	elsewhere := t.TempDir()

	noGo := exec.Command(bin, "127.0.0.1:0")
	noGo.Dir, noGo.Env = elsewhere, append(os.Environ(), "PATH="+elsewhere)
	if out, err := noGo.CombinedOutput(); err == nil || !strings.Contains(string(out), "serving: reloader: the go command is not on PATH") {
		t.Errorf("app without go on PATH = %v %q, want the error", err, out)
	}

	cmd := exec.Command(bin, "127.0.0.1:0")
	cmd.Dir = elsewhere
	r := startReloading(t, cmd)
	r.expect(t, "hello v1 tagged app") // the rebuilt program has the tags of the first
	setMessage(t, dir, "hello v2")
	r.out.awaitAfter(t, " * Detected change in 'msg/msg.go', reloading\n", 1, " * Restarting with fsnotify\n")
	r.expect(t, "hello v2 tagged app")
	r.stop(t)

	if err := os.Rename(dir, dir+".moved"); err != nil {
		t.Fatal(err)
	}
	moved := exec.Command(bin, "127.0.0.1:0")
	moved.Dir = elsewhere
	if out, err := moved.CombinedOutput(); err == nil || !strings.Contains(string(out), "serving: reloader: the source of this program is gone from") {
		t.Errorf("app whose source moved = %v %q, want the error", err, out)
	}
}
