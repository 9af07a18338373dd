package proxy

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/devserve/devserve/internal/browsertest"
	"github.com/devserve/devserve/reloader"
)

// TestWaitingPageBrowser opens a page while the app is being built, with
// scripts on and off, and checks that Chromium shows the waiting page,
// then a line of build output as it comes, then the app once it is ready.
func TestWaitingPageBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	for _, scripts := range []bool{true, false} {
		t.Run(fmt.Sprintf("scripts %v", scripts), func(t *testing.T) {
			var served atomic.Int64
			app := newApp(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprintf(w, "<!doctype html><html><head><title>app</title></head><body>the app, request %d</body></html>", served.Add(1))
			})
			p := &Proxy{}
			url := newProxy(t, p)
			browser := browsertest.New(t) // stopped first, before the servers it holds connections to
			noScripts := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !scripts})
				return err
			})
			if err := chromedp.Do(browser, noScripts); err != nil {
				t.Fatal(err)
			}
			p.Handle(reloader.Event{Kind: reloader.Building})
			go chromedp.Run(browser, chromedp.Navigate(url)) // returns only once the page has loaded: at its end
			pageText(t, browser, "Building the app…")
			p.Handle(reloader.Event{Kind: reloader.BuildOutput, Line: "go: downloading example.com/dep v1.2.3"})
			pageText(t, browser, "go: downloading example.com/dep v1.2.3")
			p.Handle(reloader.Event{Kind: reloader.Built})
			p.Handle(reloader.Event{Kind: reloader.Started, Addr: app.Listener.Addr().String()})
			p.Handle(reloader.Event{Kind: reloader.Ready, Addr: app.Listener.Addr().String()})
			pageText(t, browser, "the app, request")
		})
	}
}
