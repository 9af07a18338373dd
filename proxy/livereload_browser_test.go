package proxy

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/devserve/devserve/internal/browsertest"
	"github.com/devserve/devserve/reloader"
)

// TestLiveReloadBrowser opens the same page in three tabs of headless
// Chromium and checks that they share one event stream, do not reload
// while the app is being rebuilt, and all reload once it is ready.
func TestLiveReloadBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	browser := browsertest.New(t)
	var version atomic.Int64
	version.Store(1)
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, "<!doctype html><html><head><title>t</title></head><body>version %d</body></html>", version.Load())
	})
	p := &Proxy{}
	url := newProxy(t, p)
	// The servers' Close waits for the event stream a tab holds open:
	// close the browser first (cleanups run last registered first).
	t.Cleanup(func() { _ = chromedp.Cancel(browser) })
	ready(p, app)

	tabs := []context.Context{browser}
	for range 2 {
		tab, cancel := chromedp.NewContext(browser)
		t.Cleanup(cancel)
		tabs = append(tabs, tab)
	}
	for i, tab := range tabs {
		if err := chromedp.Do(tab, chromedp.Navigate(url)); err != nil {
			t.Fatalf("tab %d: %v", i, err)
		}
		pageText(t, tab, "version 1")
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`window.mark = true`)); err != nil {
			t.Fatal(err)
		}
	}
	// Each tab's script has run by now; give the followers a moment to
	// (wrongly) open streams of their own.
	time.Sleep(500 * time.Millisecond)
	if n := p.streams.Load(); n != 1 {
		t.Errorf("event streams open for 3 tabs = %d, want 1", n)
	}

	version.Store(2)
	p.Handle(reloader.Event{Kind: reloader.Building})
	p.Handle(reloader.Event{Kind: reloader.Built})
	time.Sleep(300 * time.Millisecond) // a reload now would be a bug; nothing signals its absence
	for i, tab := range tabs {
		if marked, err := chromedp.Run(tab, chromedp.Evaluate[bool](`window.mark === true`)); err != nil || !marked {
			t.Errorf("tab %d reloaded before the new app was ready (%v)", i, err)
		}
	}
	p.Handle(reloader.Event{Kind: reloader.Stopped})
	p.Handle(reloader.Event{Kind: reloader.Started, Addr: app.Listener.Addr().String()})
	p.Handle(reloader.Event{Kind: reloader.Ready, Addr: app.Listener.Addr().String()})
	for _, tab := range tabs {
		pageText(t, tab, "version 2")
	}
}

// pageText waits until the tab's page shows text.
func pageText(t *testing.T, tab context.Context, text string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		body, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		if err == nil && strings.Contains(body, text) {
			return
		}
		last = body
		time.Sleep(50 * time.Millisecond) // a reload in the browser gives the test no signal
	}
	t.Fatalf("the page never showed %q; last: %q", text, last)
}
