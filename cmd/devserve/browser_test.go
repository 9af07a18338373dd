package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/devserve/devserve/internal/browsertest"
)

// browserApp is the app of the browser test; %s is the body of its page
// (Go code: a string expression).
const browserApp = `package main

import (
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!doctype html><html><head><title>app</title></head><body><p id=v>" + %s + "</p></body></html>"))
	})
	http.HandleFunc("/panic", func(w http.ResponseWriter, r *http.Request) {
		var m map[string]int
		m["boom"]++ // assignment to entry in nil map
	})
	http.HandleFunc("/crash", func(w http.ResponseWriter, r *http.Request) {
		go func() { panic("the background worker gave up") }()
		select {}
	})
	http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), nil)
}
`

// twoPortsApp listens on two ports, neither of them $PORT: devserve
// cannot tell which is the app's, and says so.
const twoPortsApp = `package main

import "net/http"

func main() {
	go http.ListenAndServe("127.0.0.1:0", nil)
	http.ListenAndServe("127.0.0.1:0", nil)
}
`

// TestBrowserReload opens the app in headless Chromium and checks that the
// page reloads by itself after an edit, shows the build-error page after a
// broken edit, the app again once fixed, and the traceback of a handler
// that panics.
func TestBrowserReload(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs an app, drives a browser")
	}
	browser := browsertest.New(t)
	dir := t.TempDir()
	write := func(body string) {
		t.Helper()
		src := fmt.Sprintf(browserApp, body)
		if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/app\n\ngo 1.22\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	write(`"version 1"`)
	t.Chdir(dir)

	url := startDevserve(t)
	if err := chromedp.Do(browser, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	awaitText(t, browser, "version 1")
	mark(t, browser)

	write(`"version 2"`)
	awaitText(t, browser, "version 2")
	if marked(t, browser) {
		t.Fatal("the page shows version 2 without having reloaded")
	}

	write(`nosuch`)
	awaitText(t, browser, "undefined: nosuch")
	screenshots(t, browser, "build-error")
	if title := evaluate[string](t, browser, `document.title`); !strings.Contains(title, "build failed") {
		t.Errorf("title of the build-error page = %q, want it to say build failed", title)
	}

	write(`"version 3"`)
	awaitText(t, browser, "version 3")

	if err := chromedp.Do(browser, chromedp.Navigate(url+"panic")); err != nil {
		t.Fatal(err)
	}
	awaitText(t, browser, "assignment to entry in nil map")
	screenshots(t, browser, "panic")
	if title := evaluate[string](t, browser, `document.title`); !strings.Contains(title, "panic") {
		t.Errorf("title of the panic page = %q, want it to name the panic", title)
	}

	if err := chromedp.Do(browser, chromedp.Navigate(url+"crash")); err != nil {
		t.Fatal(err)
	}
	awaitText(t, browser, "the background worker gave up")
	screenshots(t, browser, "crash")

	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(twoPortsApp), 0o666); err != nil {
		t.Fatal(err)
	}
	awaitText(t, browser, "the app is not listening on")
	screenshots(t, browser, "not-listening")
}

// screenshots keeps the page of browser in light and dark, as name-light.png
// and name-dark.png under $DEVSERVE_SCREENSHOTS (or a temporary directory).
func screenshots(t *testing.T, browser context.Context, name string) {
	t.Helper()
	for _, scheme := range []string{"light", "dark"} {
		if err := chromedp.Do(browser, browsertest.ColorScheme(scheme)); err != nil {
			t.Fatal(err)
		}
		browsertest.Screenshot(t, browser, "", name+"-"+scheme+".png")
	}
	if err := chromedp.Do(browser, browsertest.ColorScheme("")); err != nil {
		t.Fatal(err)
	}
}

// startDevserve runs devserve run in this process, in the current
// directory, on a free port, until the test ends, and returns its URL.
func startDevserve(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &bannerWriter{url: make(chan string, 1)}
	done := make(chan error, 1)
	go func() { done <- command(ctx, []string{"run", "--addr", "127.0.0.1:0"}, stdio{out: out, err: out}) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("devserve run: %v", err)
		}
		t.Logf("devserve output:\n%s", out.String())
	})
	select {
	case url := <-out.url:
		return url
	case err := <-done:
		t.Fatalf("devserve run ended early: %v\n%s", err, out.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("devserve run printed no URL:\n%s", out.String())
	}
	return ""
}

// bannerWriter collects devserve's output and sends the URL of its banner.
type bannerWriter struct {
	mu   sync.Mutex // guards buf and sent
	buf  bytes.Buffer
	sent bool
	url  chan string
}

var bannerURL = regexp.MustCompile(`at (http://\S+)`)

func (b *bannerWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if m := bannerURL.FindSubmatch(b.buf.Bytes()); m != nil && !b.sent {
		b.sent = true
		b.url <- string(m[1])
	}
	return len(p), nil
}

func (b *bannerWriter) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// awaitText waits until the page in the browser shows text, across the
// reloads the page does by itself.
func awaitText(t *testing.T, browser context.Context, text string) {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		body, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		if err == nil && strings.Contains(body, text) {
			return
		}
		last = body
		time.Sleep(100 * time.Millisecond) // the page's reload gives the test no signal
	}
	t.Fatalf("the page never showed %q; last: %q", text, last)
}

// mark leaves a mark in the page's window, which a reload removes.
func mark(t *testing.T, browser context.Context) {
	t.Helper()
	evaluate[bool](t, browser, `window.devserveTestMark = true`)
}

// marked reports whether the page still has the mark.
func marked(t *testing.T, browser context.Context) bool {
	t.Helper()
	return evaluate[bool](t, browser, `window.devserveTestMark === true`)
}

// evaluate evaluates a JavaScript expression in the page.
func evaluate[T any](t *testing.T, browser context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(browser, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}
