package proxy

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/reloader"
)

func TestRecoveredClaim(t *testing.T) {
	t0 := time.Unix(1000, 0)
	ev := func(title, fwd string) reloader.Event {
		return reloader.Event{Kind: reloader.HandlerPanic, Framework: "gin", Forwarded: fwd, Report: &debugpage.Report{Title: title}}
	}
	tests := []struct {
		name      string
		sent      time.Time
		forwarded string
		want      string
	}{
		{"before every panic", t0, "", "old"},
		{"after the first", t0.Add(time.Second), "", "mid"},
		{"its own header first", t0.Add(time.Second), "b", "new"},
		{"after all", t0.Add(time.Hour), "", ""},
	}
	for _, tt := range tests {
		var rp recoveredPanics
		rp.add(ev("old", "a"), t0)
		rp.add(ev("mid", ""), t0.Add(2*time.Second))
		rp.add(ev("new", "b"), t0.Add(3*time.Second))
		got := ""
		if rep := rp.claim(tt.sent, tt.forwarded); rep != nil {
			got = rep.Title
		}
		if got != tt.want {
			t.Errorf("%s: claim(%v, %q) = %q, want %q", tt.name, tt.sent.Sub(t0), tt.forwarded, got, tt.want)
		}
		if again := rp.claim(tt.sent, tt.forwarded); got != "" && again != nil && again.Title == got {
			t.Errorf("%s: %q claimed twice", tt.name, got)
		}
	}
}

// TestAppPageKept checks that a 500 the app's debugpage.Handler drew is
// passed on as it is, though a framework's recovered panic waits to be
// claimed: the app's page is the one with its frames' state.
func TestAppPageKept(t *testing.T) {
	p := &Proxy{}
	url := newProxy(t, p)
	app := newApp(t, debugpage.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.Handle(reloader.Event{Kind: reloader.HandlerPanic, Framework: "recover",
			Report: &debugpage.Report{Kind: debugpage.KindPanic, Title: "panic: the framework's"}})
		panic("the app's own")
	})).ServeHTTP)
	ready(p, app)
	resp, body := get(t, url+"/")
	if resp.StatusCode != 500 || !strings.Contains(body, "panic: the app's own") || strings.Contains(body, "the framework's") {
		t.Errorf("GET / = %d %q, want 500 with the app's own page", resp.StatusCode, body)
	}
	if got := resp.Header.Get(debugpage.PageHeader); got != "panic" {
		t.Errorf("the page's %s = %q, want panic", debugpage.PageHeader, got)
	}
}

// TestRecoveredWait checks how long a 500 waits for a framework's panic
// log: through its whole block when the app began to log one, while the
// engine says the app's output holds lines not yet handed over, and not
// past the grace when it logged none.
func TestRecoveredWait(t *testing.T) {
	tests := []struct {
		name    string
		logging bool          // the app begins to log a panic before it answers
		meter   bool          // the engine tells whether output is pending
		after   time.Duration // the panic's block ends this long after the answer
		want    string
	}{
		{"a panic being logged", true, false, 120 * time.Millisecond, "panic: recovered"},
		{"no panic logged", false, false, 4 * recoveredGrace, "db down"},
		{"output pending past the grace", false, true, 4 * recoveredGrace, "panic: recovered"},
		{"no output pending", false, true, 4 * recoveredGrace, "db down"},
	}
	for _, tt := range tests {
		p := &Proxy{}
		var pending atomic.Bool // the panic's log, in the app's output
		if tt.meter {
			p.OutputPending = func() (bool, bool) { return pending.Load(), true }
		}
		url := newProxy(t, p)
		app := newApp(t, func(w http.ResponseWriter, r *http.Request) {
			if tt.logging {
				p.Handle(reloader.Event{Kind: reloader.PanicLogging})
			}
			logged := tt.want != "db down"
			pending.Store(logged)
			time.AfterFunc(tt.after, func() {
				p.Handle(reloader.Event{Kind: reloader.HandlerPanic, Framework: "recover",
					Report: &debugpage.Report{Kind: debugpage.KindPanic, Title: "panic: recovered"}})
				pending.Store(false)
			})
			http.Error(w, "db down", http.StatusInternalServerError)
		})
		ready(p, app)
		resp, body := get(t, url+"/")
		if resp.StatusCode != 500 || !strings.Contains(body, tt.want) {
			t.Errorf("%s: GET / = %d %q, want 500 with %q", tt.name, resp.StatusCode, body, tt.want)
		}
	}
}
