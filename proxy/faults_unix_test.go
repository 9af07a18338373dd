//go:build unix

package proxy

import (
	"bufio"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/devserve/devserve/reloader"
)

// blockingApp answers /block only after printing "blocked PID", and
// never finishes.
const blockingApp = `package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/block", func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("blocked", os.Getpid())
		select {}
	})
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "alive") })
	http.ListenAndServe(os.Getenv("DEVSERVE_ADDR"), nil)
}
`

// TestKilledMidRequest checks that a request in flight when the app is
// killed with SIGKILL gets the crash page, not a hang.
func TestKilledMidRequest(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/killed\n\ngo 1.22\n")
	writeFile(t, filepath.Join(dir, "main.go"), blockingApp)
	p := &Proxy{PanicWait: 500 * time.Millisecond}
	url := newProxy(t, p)
	out, lines := io.Pipe()
	defer lines.Close()
	readies := runEngine(t, &reloader.Engine{Dir: dir, Stdout: lines, Stderr: io.Discard}, p)
	awaitReady(t, readies)
	blocked := make(chan int, 1)
	go func() {
		s := bufio.NewScanner(out)
		for s.Scan() {
			if pid, err := strconv.Atoi(strings.TrimPrefix(s.Text(), "blocked ")); err == nil {
				blocked <- pid
			}
		}
	}()

	type result struct {
		status int
		body   string
		err    error
	}
	res := make(chan result, 1)
	go func() {
		req, _ := http.NewRequest("GET", url+"/block", nil)
		req.Header.Set("Accept", "text/plain")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			res <- result{err: err}
			return
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		res <- result{resp.StatusCode, string(b), err}
	}()
	var pid int
	select {
	case pid = <-blocked:
	case <-time.After(30 * time.Second):
		t.Fatal("the app did not print \"blocked PID\" within 30s")
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-res:
		if r.err != nil || r.status != http.StatusInternalServerError || !strings.Contains(r.body, "killed") {
			t.Errorf("GET /block, app killed meanwhile = %d %.200q, %v; want 500 with the crash page saying it was killed", r.status, r.body, r.err)
		}
	case <-time.After(time.Minute):
		t.Fatal("GET /block still unanswered a minute after the app was killed")
	}
}
