//go:build unix

package serving

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// simpleApp is a running testdata/simple process.
type simpleApp struct {
	cmd   *exec.Cmd
	url   string
	lines chan string // the process's standard error, line by line
}

// startSimple builds testdata/simple and starts it on a free port.
func startSimple(t *testing.T) *simpleApp {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "simple")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/simple").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	app := &simpleApp{cmd: cmd, lines: make(chan string, 100)}
	go func() {
		defer close(app.lines)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			app.lines <- sc.Text()
		}
	}()
	m := regexp.MustCompile(`^ \* Running on (http://127\.0\.0\.1:\d+)$`).FindStringSubmatch(app.await(t, " * Running on "))
	if m == nil {
		t.Fatalf("banner line does not show the URL")
	}
	app.url = m[1]
	app.await(t, "Press CTRL+C to quit")
	return app
}

// await returns the next line of standard error that starts with prefix.
func (a *simpleApp) await(t *testing.T, prefix string) string {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-a.lines:
			if !ok {
				t.Fatalf("standard error ended before a line starting %q", prefix)
			}
			if strings.HasPrefix(line, prefix) {
				return line
			}
		case <-timeout:
			t.Fatalf("no line starting %q within 30s", prefix)
		}
	}
}

// slow starts GET /slow?d=d and returns where its body will arrive, once
// the handler has started.
func (a *simpleApp) slow(t *testing.T, d string) <-chan string {
	t.Helper()
	body := make(chan string, 1)
	go func() {
		resp, err := http.Get(a.url + "/slow?d=" + d)
		if err != nil {
			body <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		body <- string(b)
	}()
	a.await(t, "slow started")
	return body
}

func TestRunSimpleInterruptIsGraceful(t *testing.T) {
	app := startSimple(t)
	body := app.slow(t, "300ms")
	if err := app.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if got := <-body; got != "slow done\n" {
		t.Errorf("in-flight request across SIGINT = %q, want %q", got, "slow done\n")
	}
	app.await(t, "clean exit")
	if err := app.cmd.Wait(); err != nil {
		t.Errorf("process after SIGINT: %v, want exit status 0", err)
	}
}

func TestRunSimpleSecondSignalKills(t *testing.T) {
	app := startSimple(t)
	app.slow(t, "1h")
	idle := idleConn(t, strings.TrimPrefix(app.url, "http://"))
	if err := app.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The first signal starts the shutdown, which waits for /slow; once
	// the server has closed its idle connections, a second signal kills.
	awaitClosed(t, idle)
	if err := app.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := app.cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGTERM {
		t.Errorf("process after a second SIGTERM: %v, want killed by SIGTERM", err)
	}
}
