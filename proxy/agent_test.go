package proxy

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/devserve/devserve/reloader"
)

// TestAwaitWakesAtOnce measures how long Await takes to return after the
// Ready event: it must wake on the change, not poll.
func TestAwaitWakesAtOnce(t *testing.T) {
	p := &Proxy{}
	var lags []time.Duration
	for range 20 {
		p.Handle(reloader.Event{Kind: reloader.Building})
		done := make(chan time.Time)
		go func() {
			p.Await(context.Background(), 10*time.Second)
			done <- time.Now()
		}()
		time.Sleep(5 * time.Millisecond) // let Await block first
		sent := time.Now()
		p.Handle(reloader.Event{Kind: reloader.Ready, Addr: "127.0.0.1:1"})
		lags = append(lags, (<-done).Sub(sent))
	}
	slices.Sort(lags)
	t.Logf("Await returned %v after Ready (median of 20; max %v)", lags[10], lags[19])
	if lags[10] > 20*time.Millisecond {
		t.Errorf("Await returned a median %v after Ready, want under 20ms", lags[10])
	}
}

// TestAgentRefusals checks who the agents' endpoints refuse: foreign
// origins and cross-site fetches (403), foreign hosts (400), untrusted
// clients (403), and a restart through the JSON API without the token.
func TestAgentRefusals(t *testing.T) {
	var restarts int
	p := &Proxy{Token: "t0ken", OnRestart: func() { restarts++ }}
	tests := []struct {
		name, method, path, remote string
		header                     []string
		want                       int
	}{
		{"status", "GET", "/__devserve/api/status", "127.0.0.1:5", nil, 200},
		{"same origin", "GET", "/__devserve/api/status", "127.0.0.1:5", []string{"Origin", "http://localhost:8080"}, 200},
		{"foreign origin", "GET", "/__devserve/api/status", "127.0.0.1:5", []string{"Origin", "http://evil.example"}, 403},
		{"foreign origin, MCP", "POST", "/__devserve/mcp", "127.0.0.1:5", []string{"Origin", "http://evil.example"}, 403},
		{"null origin, MCP", "POST", "/__devserve/mcp", "127.0.0.1:5", []string{"Origin", "null"}, 403},
		{"cross-site fetch, MCP", "POST", "/__devserve/mcp", "127.0.0.1:5", []string{"Sec-Fetch-Site", "cross-site"}, 403},
		{"foreign host", "GET", "/__devserve/api/status", "127.0.0.1:5", []string{"Host", "evil.example"}, 400},
		{"foreign host, MCP", "POST", "/__devserve/mcp", "127.0.0.1:5", []string{"Host", "evil.example"}, 400},
		{"untrusted client", "GET", "/__devserve/api/status", "192.0.2.7:5", nil, 403},
		{"untrusted client, MCP", "POST", "/__devserve/mcp", "192.0.2.7:5", nil, 403},
		{"restart by GET", "GET", "/__devserve/api/restart", "127.0.0.1:5", nil, 405},
		{"restart without the token", "POST", "/__devserve/api/restart", "127.0.0.1:5", nil, 403},
		{"restart with a wrong token", "POST", "/__devserve/api/restart?timeout=0.01", "127.0.0.1:5", []string{"Authorization", "Bearer nope"}, 403},
		{"restart with the token", "POST", "/__devserve/api/restart?timeout=0.01", "127.0.0.1:5", []string{"Authorization", "Bearer t0ken"}, 200},
		{"unknown", "GET", "/__devserve/api/nope", "127.0.0.1:5", nil, 404},
		{"bad timeout", "GET", "/__devserve/api/wait?timeout=soon", "127.0.0.1:5", nil, 400},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(tt.method, "http://localhost:8080"+tt.path, nil)
		r.RemoteAddr = tt.remote
		for i := 0; i+1 < len(tt.header); i += 2 {
			if tt.header[i] == "Host" {
				r.Host = tt.header[i+1]
			} else {
				r.Header.Set(tt.header[i], tt.header[i+1])
			}
		}
		w := httptest.NewRecorder()
		p.ServeHTTP(w, r)
		if w.Code != tt.want {
			t.Errorf("%s: %s %s = %d %s, want %d", tt.name, tt.method, tt.path, w.Code, strings.TrimSpace(w.Body.String()), tt.want)
		}
	}
	if restarts != 1 {
		t.Errorf("OnRestart called %d times, want once (with the token)", restarts)
	}
}

// TestMayChange checks that an agent let in by --trust may read but not
// restart without the token.
func TestMayChange(t *testing.T) {
	p := &Proxy{Token: "t0ken", OnRestart: func() {}}
	for _, tt := range []struct {
		remote, auth string
		may          bool
	}{
		{"127.0.0.1:5", "", true},
		{"[::1]:5", "", true},
		{"192.0.2.7:5", "", false},
		{"192.0.2.7:5", "Bearer t0ken", true},
	} {
		r := httptest.NewRequest("POST", "http://localhost:8080"+mcpPath, nil)
		r.RemoteAddr = tt.remote
		if tt.auth != "" {
			r.Header.Set("Authorization", tt.auth)
		}
		if got := p.MayChange(r); got != tt.may {
			t.Errorf("MayChange(from %s, Authorization %q) = %v, want %v", tt.remote, tt.auth, got, tt.may)
		}
	}
}
