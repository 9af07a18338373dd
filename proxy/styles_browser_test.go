package proxy

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/devserve/devserve/internal/browsertest"
	"github.com/devserve/devserve/reloader"
)

// TestStylesSwapBrowser checks in headless Chromium that a change of a
// stylesheet alone restyles the open page without reloading it, and that
// any other change reloads it.
func TestStylesSwapBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	browser := browsertest.New(t)
	var color atomic.Value
	color.Store("rgb(255, 0, 0)")
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/app.css" {
			w.Header().Set("Content-Type", "text/css")
			fmt.Fprintf(w, "body { color: %s }", color.Load())
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<!doctype html><html><head><link rel="stylesheet" href="/app.css"></head><body>styled</body></html>`)
	})
	p := &Proxy{}
	url := newProxy(t, p)
	t.Cleanup(func() { _ = chromedp.Cancel(browser) })
	ready(p, app)
	if err := chromedp.Do(browser, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	bodyColor(t, browser, "rgb(255, 0, 0)")
	if _, err := chromedp.Run(browser, chromedp.Evaluate[bool](`window.mark = true`)); err != nil {
		t.Fatal(err)
	}

	color.Store("rgb(0, 0, 255)")
	p.Handle(reloader.Event{Kind: reloader.Reloaded, Changed: []string{"static/app.css"}})
	bodyColor(t, browser, "rgb(0, 0, 255)")
	if marked, err := chromedp.Run(browser, chromedp.Evaluate[bool](`window.mark === true`)); err != nil || !marked {
		t.Errorf("the page reloaded for a change of its stylesheet (%v)", err)
	}
	links, err := chromedp.Run(browser, chromedp.Evaluate[int](`document.querySelectorAll("link[rel=stylesheet]").length`))
	if err != nil || links != 1 {
		t.Errorf("stylesheet links after the swap = %d (%v), want 1", links, err)
	}

	p.Handle(reloader.Event{Kind: reloader.Reloaded, Changed: []string{"templates/index.html"}})
	deadline := time.Now().Add(10 * time.Second)
	for {
		marked, err := chromedp.Run(browser, chromedp.Evaluate[bool](`window.mark === true`))
		if err == nil && !marked {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the page did not reload for a change of a template")
		}
		time.Sleep(50 * time.Millisecond) // a reload in the browser gives the test no signal
	}
}

// bodyColor waits until the body's computed colour is want.
func bodyColor(t *testing.T, tab context.Context, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		got, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.body ? getComputedStyle(document.body).color : ""`))
		if err == nil && got == want {
			return
		}
		last = got
		time.Sleep(50 * time.Millisecond) // a stylesheet applied gives the test no signal
	}
	t.Fatalf("the body's colour never became %s; last: %s", want, last)
}
