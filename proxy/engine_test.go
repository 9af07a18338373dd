package proxy

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/devserve/devserve/reloader"
)

// These helpers run a real reloader.Engine whose events feed a Proxy, for
// the tests of the two together: the load test and the fault tests.

// writeFile writes a file, creating its directory.
func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeModule writes a module of files (relative name → content) into a
// new temporary directory and returns it.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		writeFile(t, filepath.Join(dir, name), content)
	}
	return dir
}

// msgApp is a module whose app serves the text of its package msg.
func msgApp(text string) map[string]string {
	return map[string]string{
		"go.mod": "module example.com/app\n\ngo 1.22\n",
		"main.go": `package main

import (
	"fmt"
	"net/http"
	"os"

	"example.com/app/msg"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, msg.Text()) })
	http.ListenAndServe(os.Getenv("DEVSERVE_ADDR"), nil)
}
`,
		"msg/msg.go": msgSource(text),
	}
}

// msgSource is package msg of msgApp, serving text.
func msgSource(text string) string {
	return fmt.Sprintf("package msg\n\nfunc Text() string { return %q }\n", text)
}

// runEngine runs e until the test ends, every event going to p and then
// to onEvent (if not nil), and returns a channel that receives a value at
// every Ready.
func runEngine(t *testing.T, e *reloader.Engine, p *Proxy) <-chan struct{} {
	t.Helper()
	readies := make(chan struct{}, 64)
	e.OnEvent = func(ev reloader.Event) {
		p.Handle(ev)
		if ev.Kind == reloader.Ready {
			readies <- struct{}{}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("Run did not return 30s after its context was canceled")
		}
	})
	return readies
}

// awaitReady waits for the next Ready on readies.
func awaitReady(t *testing.T, readies <-chan struct{}) {
	t.Helper()
	select {
	case <-readies:
	case <-time.After(3 * time.Minute):
		t.Fatal("no Ready event within 3 minutes")
	}
}
