package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestKeys runs devserve run on a pseudo-terminal, as from a shell, and
// presses its keys: ? lists them, r rebuilds and restarts, q quits, and
// the terminal's mode is as it was afterwards.
func TestKeys(t *testing.T) {
	if testing.Short() {
		t.Skip("builds devserve and a sample app")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "devserve")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	app := filepath.Join(tmp, "app")
	writeTestFile(t, filepath.Join(app, "go.mod"), "module example.com/app\n\ngo 1.22\n")
	writeTestFile(t, filepath.Join(app, "main.go"), `package main

import (
	"net/http"
	"os"
)

func main() { http.ListenAndServe(os.Getenv("DEVSERVE_ADDR"), http.NotFoundHandler()) }
`)
	master, slave := openPTY(t)
	before, err := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	addr, err := freeAddr()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "--addr", addr)
	cmd.Dir = app
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	screen := readPTY(master)

	screen.await(t, "started in")
	screen.await(t, "? for keys")
	master.WriteString("?")
	screen.await(t, "r rebuild and restart")
	master.WriteString("r")
	screen.await(t, "rebuild → built in")
	master.WriteString("q")
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("devserve after q: %v, want a clean exit\n%s", err, screen.text())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("devserve still runs 30s after q\n%s", screen.text())
	}
	after, err := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if after.Lflag != before.Lflag {
		t.Errorf("terminal local modes after devserve = %#x, want them restored to %#x", after.Lflag, before.Lflag)
	}
}

// openPTY opens a pseudo-terminal and returns its two sides.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	slave, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { slave.Close() })
	return master, slave
}

// ptyScreen collects what is written to a terminal.
type ptyScreen struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	more chan struct{} // gets a token at every read
}

// readPTY reads master until it closes.
func readPTY(master *os.File) *ptyScreen {
	s := &ptyScreen{more: make(chan struct{}, 1)}
	go func() {
		b := make([]byte, 4096)
		for {
			n, err := master.Read(b)
			s.mu.Lock()
			s.buf.Write(b[:n])
			s.mu.Unlock()
			select {
			case s.more <- struct{}{}:
			default:
			}
			if err != nil {
				return
			}
		}
	}()
	return s
}

func (s *ptyScreen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// await waits until the screen shows want, failing after a minute.
func (s *ptyScreen) await(t *testing.T, want string) {
	t.Helper()
	timeout := time.After(time.Minute)
	for !strings.Contains(s.text(), want) {
		select {
		case <-s.more:
		case <-timeout:
			t.Fatalf("the terminal did not show %q within a minute:\n%s", want, s.text())
		}
	}
}

// writeTestFile writes a file, creating its directory.
func writeTestFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
