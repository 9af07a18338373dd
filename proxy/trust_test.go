package proxy

import (
	"bytes"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"strings"
	"testing"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/reloader"
)

// TestProxyTrust checks who gets the pages the proxy draws: loopback
// and trusted clients see the page, others a plain 500 whose id the log
// shows next to the page's text, whatever forwarding headers they send.
func TestProxyTrust(t *testing.T) {
	failed := &reloader.BuildError{Package: "./app", Errors: []reloader.CompileError{{File: "/m/main.go", Line: 3, Column: 2, Message: "undefined: x"}}}
	crash := &debugpage.Report{Kind: debugpage.KindCrash, Title: "panic: boom", Message: "boom"}
	states := []struct {
		name string
		ev   reloader.Event
		want string
	}{
		{"build", reloader.Event{Kind: reloader.BuildFailed, Err: failed}, "undefined: x"},
		{"crash", reloader.Event{Kind: reloader.Crashed, Report: crash, ExitStatus: "exit status 2"}, "panic: boom"},
		{"notlistening", reloader.Event{Kind: reloader.NotListening, Addr: "127.0.0.1:4567"}, "PORT=4567"},
	}
	clients := []struct {
		name, remote string
		header       []string
		shown        bool
	}{
		{"loopback", "127.0.0.1:5000", nil, true},
		{"loopback v6", "[::1]:5000", nil, true},
		{"trusted lan", "192.0.2.8:5000", nil, true},
		{"untrusted lan", "192.0.2.7:5000", nil, false},
		{"x-forwarded-for", "192.0.2.7:5000", []string{"X-Forwarded-For", "127.0.0.1", "X-Real-Ip", "127.0.0.1"}, false},
		{"forged supervisor header", "192.0.2.7:5000", []string{debugpage.ForwardedHeader, "secret=s3;for=127.0.0.1"}, false},
	}
	for _, st := range states {
		for _, c := range clients {
			var logBuf bytes.Buffer
			p := &Proxy{
				PublicAddr: "127.0.0.1:8080", Secret: "s3", Log: log.New(&logBuf, "", 0),
				Trust: &debugpage.Trust{Clients: []netip.Prefix{netip.MustParsePrefix("192.0.2.8/32")}},
			}
			p.Handle(reloader.Event{Kind: reloader.Building})
			p.Handle(st.ev)
			r := httptest.NewRequest("GET", "http://localhost:8080/any", nil)
			r.RemoteAddr = c.remote
			for i := 0; i+1 < len(c.header); i += 2 {
				r.Header.Set(c.header[i], c.header[i+1])
			}
			w := httptest.NewRecorder()
			p.ServeHTTP(w, r)
			body := w.Body.String()
			if c.shown {
				if !strings.Contains(body, st.want) {
					t.Errorf("%s page to %s: GET = %d %q, want it to contain %q", st.name, c.name, w.Code, body, st.want)
				}
				continue
			}
			m := regexp.MustCompile(`^Internal Server Error \(id ([0-9a-f]{8});`).FindStringSubmatch(body)
			if w.Code != 500 || m == nil || strings.Contains(body, st.want) {
				t.Errorf("%s page to %s: GET = %d %q, want a plain 500 with an id", st.name, c.name, w.Code, body)
				continue
			}
			if l := logBuf.String(); !strings.Contains(l, "page "+m[1]+" withheld from untrusted client 192.0.2.7") || !strings.Contains(l, st.want) {
				t.Errorf("%s page to %s: log = %q, want id %s next to %q", st.name, c.name, l, m[1], st.want)
			}
		}
	}
}

// TestProxyHostCheck checks that the proxy's own endpoints and pages
// answer only under allowed host names, while the app's own pages are
// the app's business.
func TestProxyHostCheck(t *testing.T) {
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "app page") })
	tests := []struct {
		host, path string
		state      reloader.EventKind
		status     int
	}{
		{"localhost:8080", "/__devserve/livereload.js", reloader.Ready, 200},
		{"LOCALHOST", "/__devserve/debug.css", reloader.Ready, 200},
		{"app.localhost:8080", "/__devserve/livereload.js", reloader.Ready, 200},
		{"[::1]:8080", "/__devserve/livereload.js", reloader.Ready, 200},
		{"dev.example.test", "/__devserve/livereload.js", reloader.Ready, 200},
		{"attacker.example", "/__devserve/livereload.js", reloader.Ready, 400},
		{"attacker.example:8080", "/__devserve/events", reloader.Ready, 400},
		{"attacker.example", "/__devserve/debug.css", reloader.Ready, 400},
		{"192.0.2.99", "/__devserve/livereload.js", reloader.Ready, 400},
		{"attacker.example", "/", reloader.BuildFailed, 400},
		{"localhost", "/", reloader.BuildFailed, 500},
		{"attacker.example", "/", reloader.NotListening, 400},
		{"attacker.example", "/", reloader.Ready, 200}, // the app's page
	}
	for _, tt := range tests {
		p := &Proxy{PublicAddr: "127.0.0.1:8080", Trust: &debugpage.Trust{Hosts: []string{"dev.example.test"}}}
		url := newProxy(t, p)
		switch tt.state {
		case reloader.Ready:
			ready(p, app)
		case reloader.BuildFailed:
			p.Handle(reloader.Event{Kind: reloader.BuildFailed, Err: &reloader.BuildError{Package: "./app", Errors: []reloader.CompileError{{File: "/m/main.go", Line: 1, Message: "bad"}}}})
		case reloader.NotListening:
			p.Handle(reloader.Event{Kind: reloader.NotListening, Addr: "127.0.0.1:4567"})
		}
		req, _ := http.NewRequest("GET", url+tt.path, nil)
		req.Host = tt.host
		resp, err := http.DefaultTransport.(*http.Transport).Clone().RoundTrip(req)
		if err != nil {
			t.Fatalf("GET %s with Host %s: %v", tt.path, tt.host, err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("GET %s with Host %s in state %v = %d, want %d", tt.path, tt.host, tt.state, resp.StatusCode, tt.status)
		}
	}
}

// TestProxyForwardsClient checks that the app gets the client's address
// in exactly one header of the proxy's making, which the app's debugger
// believes with the secret and which carries no trace of it.
func TestProxyForwardsClient(t *testing.T) {
	const secret = "s3cret-of-this-run"
	type saw struct {
		header   []string
		believed string
	}
	got := make(chan saw, 2)
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) {
		client, _ := (&debugpage.Trust{Secret: secret}).Peer(r)
		got <- saw{r.Header.Values(debugpage.ForwardedHeader), client.String()}
	})
	for _, secret := range []string{secret, ""} {
		p := &Proxy{Secret: secret}
		url := newProxy(t, p)
		ready(p, app)
		get(t, url, debugpage.ForwardedHeader, "for=192.0.2.1;t=1;mac=forged")
		h := <-got
		switch {
		case secret == "" && len(h.header) != 0:
			t.Errorf("Proxy{Secret: \"\"}: the app got %s %q, want none", debugpage.ForwardedHeader, h.header)
		case secret == "":
		case len(h.header) != 1 || !strings.HasPrefix(h.header[0], "for=127.0.0.1;by=127.0.0.1;t="):
			t.Errorf("the app got %s %q, want one naming 127.0.0.1", debugpage.ForwardedHeader, h.header)
		case strings.Contains(h.header[0], secret):
			t.Errorf("the app got %s %q, which holds the secret", debugpage.ForwardedHeader, h.header)
		case h.believed != "127.0.0.1":
			t.Errorf("the app's debugger took the client for %s, want 127.0.0.1", h.believed)
		}
	}
}

// TestProxyNoCORS checks that nothing the proxy serves itself invites
// another origin in, or sets a cookie, whatever the request asks.
func TestProxyNoCORS(t *testing.T) {
	p := &Proxy{}
	url := newProxy(t, p)
	p.Handle(reloader.Event{Kind: reloader.BuildFailed, Err: &reloader.BuildError{Package: "./app", Errors: []reloader.CompileError{{File: "/m/main.go", Line: 1, Message: "bad"}}}})
	for _, path := range []string{"/", "/__devserve/livereload.js", "/__devserve/debug.css", "/__devserve/nosuch"} {
		for _, method := range []string{"GET", "OPTIONS", "POST"} {
			req, _ := http.NewRequest(method, url+path, nil)
			req.Header.Set("Origin", "http://attacker.example")
			req.Header.Set("Access-Control-Request-Method", "POST")
			resp, err := http.DefaultTransport.(*http.Transport).Clone().RoundTrip(req)
			if err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			resp.Body.Close()
			for k := range resp.Header {
				if strings.HasPrefix(k, "Access-Control-") || k == "Set-Cookie" {
					t.Errorf("%s %s: header %s: %q, want none", method, path, k, resp.Header.Values(k))
				}
			}
		}
	}
}
