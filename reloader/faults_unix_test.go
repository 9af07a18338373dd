//go:build unix

package reloader

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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
	ready := make(chan struct{}, 1)
	out := newLineWriter()
	e := &Engine{Dir: dir, Stdout: out, Stderr: io.Discard, OnEvent: func(ev Event) {
		p.Handle(ev)
		if ev.Kind == Ready {
			select {
			case ready <- struct{}{}:
			default:
			}
		}
	}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("Run did not return 30s after its context was canceled")
		}
	}()
	select {
	case <-ready:
	case <-time.After(2 * time.Minute):
		t.Fatal("the app was not ready within 2 minutes")
	}

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
	pid := out.pidLine(t, "blocked")
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
