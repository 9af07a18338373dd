package proxy

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/reloader"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// connectMCP connects the SDK's own client to the proxy at url.
func connectMCP(t *testing.T, url string) *mcp.ClientSession {
	t.Helper()
	c := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "v0"}, nil)
	cs, err := c.Connect(t.Context(), &mcp.StreamableClientTransport{Endpoint: url + mcpPath, DisableStandaloneSSE: true}, nil)
	if err != nil {
		t.Fatalf("connecting to %s: %v", url+mcpPath, err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

// callTool calls the tool name with args and decodes its structured
// result into out.
func callTool(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any, out any) {
	t.Helper()
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if res.IsError {
		t.Fatalf("%s: tool error: %v", name, toolText(res))
	}
	b, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("%s: decoding %s: %v", name, b, err)
	}
}

// toolText returns the text of a tool result.
func toolText(res *mcp.CallToolResult) string {
	var s []string
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			s = append(s, tc.Text)
		}
	}
	return strings.Join(s, "\n")
}

// TestMCPTools drives the proxy's MCP server with the SDK's client: the
// tool list, status and wait through a rebuild, errors after a failed
// build and a handler panic, and logs.
func TestMCPTools(t *testing.T) {
	out := &Output{}
	p := &Proxy{Output: out, PublicAddr: "localhost:8080"}
	url := newProxy(t, p)
	cs := connectMCP(t, url)

	tools, err := cs.ListTools(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range tools.Tools {
		names = append(names, tool.Name)
	}
	sort.Strings(names)
	if want := []string{"errors", "logs", "restart", "status", "wait"}; !slices.Equal(names, want) {
		t.Errorf("tools = %v, want %v", names, want)
	}

	// wait blocks while the first build runs, and returns once Ready.
	go func() {
		p.Handle(reloader.Event{Kind: reloader.Building, Time: time.Now()})
		p.Handle(reloader.Event{Kind: reloader.Built, Duration: 420 * time.Millisecond})
		p.Handle(reloader.Event{Kind: reloader.Started, Addr: "127.0.0.1:1"})
		p.Handle(reloader.Event{Kind: reloader.Ready, Addr: "127.0.0.1:1", Time: time.Now()})
	}()
	var o Outcome
	callTool(t, cs, "wait", map[string]any{"timeout": 10}, &o)
	if o.State != StateRunning || o.TimedOut || o.LastBuild == nil || o.LastBuild.DurationMS != 420 || o.PublicAddr != "localhost:8080" {
		t.Errorf("wait = %+v, want running after a build of 420ms on localhost:8080", o)
	}

	be := &reloader.BuildError{Package: ".", Errors: []reloader.CompileError{{File: "/src/msg.go", Line: 3, Column: 9, Message: "undefined: x"}}}
	p.Handle(reloader.Event{Kind: reloader.Building, Changed: []string{"msg.go"}})
	p.Handle(reloader.Event{Kind: reloader.BuildFailed, Err: be})
	callTool(t, cs, "wait", nil, &o)
	if o.State != StateBuildFailed || o.Error == nil || o.Error.Sections[0].Frames[0].Line != 3 || o.LastBuild.Changed[0] != "msg.go" {
		t.Errorf("wait after a failed build = %+v, want build failed at line 3, after msg.go changed", o)
	}

	p.Handle(reloader.Event{Kind: reloader.HandlerPanic, Report: &debugpage.Report{Kind: debugpage.KindPanic, Title: "panic: boom",
		Sections: []debugpage.Section{{Failing: true, Frames: []debugpage.Frame{{Function: "main.handle", File: "/src/main.go", Line: 12}}}}}})
	var e Errors
	callTool(t, cs, "errors", nil, &e)
	if e.Build == nil || e.Build.Sections[0].Frames[0].Message != "undefined: x" {
		t.Errorf("errors.build = %+v, want the build error", e.Build)
	}
	if len(e.Panics) != 1 || e.Panics[0].Sections[0].Frames[0].Function != "main.handle" {
		t.Errorf("errors.panics = %+v, want the panic in main.handle", e.Panics)
	}

	w := out.Writer("stdout", io.Discard)
	io.WriteString(w, "a\nb\nc\n")
	var l Logs
	callTool(t, cs, "logs", map[string]any{"lines": 2}, &l)
	if lineList(l.Lines) != "2:stdout:b 3:stdout:c" || l.Cursor != 3 {
		t.Errorf("logs(lines 2) = %q, cursor %d; want b and c, cursor 3", lineList(l.Lines), l.Cursor)
	}
	io.WriteString(w, "d\n")
	callTool(t, cs, "logs", map[string]any{"cursor": l.Cursor}, &l)
	if lineList(l.Lines) != "4:stdout:d" || l.Cursor != 4 {
		t.Errorf("logs(cursor 3) = %q, cursor %d; want d, cursor 4", lineList(l.Lines), l.Cursor)
	}

	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "restart"})
	if err != nil || !res.IsError || !strings.Contains(toolText(res), "not available") {
		t.Errorf("restart without OnRestart = %v, %v; want a tool error saying it is not available", toolText(res), err)
	}
}

// TestMCPRestart checks that restart asks OnRestart, then returns the
// outcome of the build it caused.
func TestMCPRestart(t *testing.T) {
	p := &Proxy{}
	p.OnRestart = func() {
		go func() {
			p.Handle(reloader.Event{Kind: reloader.Building})
			p.Handle(reloader.Event{Kind: reloader.Built})
			p.Handle(reloader.Event{Kind: reloader.Started, Addr: "127.0.0.1:2"})
			p.Handle(reloader.Event{Kind: reloader.Ready, Addr: "127.0.0.1:2"})
		}()
	}
	ready(p, newApp(t, func(w http.ResponseWriter, r *http.Request) {}))
	cs := connectMCP(t, newProxy(t, p))
	var o Outcome
	callTool(t, cs, "restart", map[string]any{"timeout": 10}, &o)
	if o.State != StateRunning || o.AppAddr != "127.0.0.1:2" || o.Cycle != 2 {
		t.Errorf("restart = %+v, want running on 127.0.0.1:2 in cycle 2", o)
	}
}

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

// TestMCPRestartNeedsLoopback checks that an MCP client let in by
// --trust may read but not restart without the token.
func TestMCPRestartNeedsLoopback(t *testing.T) {
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
		if got := p.mayChange(r); got != tt.may {
			t.Errorf("mayChange(from %s, Authorization %q) = %v, want %v", tt.remote, tt.auth, got, tt.may)
		}
	}
}
