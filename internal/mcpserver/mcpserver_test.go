package mcpserver

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/proxy"
	"github.com/devserve/devserve/reloader"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// newServer serves p, with its MCP endpoint, on a real loopback listener
// and returns its URL.
func newServer(t *testing.T, p *proxy.Proxy) string {
	t.Helper()
	p.MCP = Handler(p)
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return srv.URL
}

// lineList formats lines as "N:stream:text".
func lineList(lines []proxy.Line) string {
	s := make([]string, len(lines))
	for i, l := range lines {
		s[i] = fmt.Sprintf("%d:%s:%s", l.N, l.Stream, l.Text)
	}
	return strings.Join(s, " ")
}

// connectMCP connects the SDK's own client to the proxy at url.
func connectMCP(t *testing.T, url string) *mcp.ClientSession {
	t.Helper()
	c := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "v0"}, nil)
	cs, err := c.Connect(t.Context(), &mcp.StreamableClientTransport{Endpoint: url + "/__devserve/mcp", DisableStandaloneSSE: true}, nil)
	if err != nil {
		t.Fatalf("connecting to %s: %v", url+"/__devserve/mcp", err)
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
	out := &proxy.Output{}
	p := &proxy.Proxy{Output: out, PublicAddr: "localhost:8080"}
	url := newServer(t, p)
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
	var o proxy.Outcome
	callTool(t, cs, "wait", map[string]any{"timeout": 10}, &o)
	if o.State != proxy.StateRunning || o.TimedOut || o.LastBuild == nil || o.LastBuild.DurationMS != 420 || o.PublicAddr != "localhost:8080" {
		t.Errorf("wait = %+v, want running after a build of 420ms on localhost:8080", o)
	}

	be := &reloader.BuildError{Package: ".", Errors: []reloader.CompileError{{File: "/src/msg.go", Line: 3, Column: 9, Message: "undefined: x"}}}
	p.Handle(reloader.Event{Kind: reloader.Building, Changed: []string{"msg.go"}})
	p.Handle(reloader.Event{Kind: reloader.BuildFailed, Err: be})
	callTool(t, cs, "wait", nil, &o)
	if o.State != proxy.StateBuildFailed || o.Error == nil || o.Error.Sections[0].Frames[0].Line != 3 || o.LastBuild.Changed[0] != "msg.go" {
		t.Errorf("wait after a failed build = %+v, want build failed at line 3, after msg.go changed", o)
	}

	p.Handle(reloader.Event{Kind: reloader.HandlerPanic, Report: &debugpage.Report{Kind: debugpage.KindPanic, Title: "panic: boom",
		Sections: []debugpage.Section{{Failing: true, Frames: []debugpage.Frame{{Function: "main.handle", File: "/src/main.go", Line: 12}}}}}})
	var e proxy.Errors
	callTool(t, cs, "errors", nil, &e)
	if e.Build == nil || e.Build.Sections[0].Frames[0].Message != "undefined: x" {
		t.Errorf("errors.build = %+v, want the build error", e.Build)
	}
	if len(e.Panics) != 1 || e.Panics[0].Sections[0].Frames[0].Function != "main.handle" {
		t.Errorf("errors.panics = %+v, want the panic in main.handle", e.Panics)
	}

	w := out.Writer("stdout", io.Discard)
	io.WriteString(w, "a\nb\nc\n")
	var l proxy.Logs
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
	p := &proxy.Proxy{}
	p.OnRestart = func() {
		go func() {
			p.Handle(reloader.Event{Kind: reloader.Building})
			p.Handle(reloader.Event{Kind: reloader.Built})
			p.Handle(reloader.Event{Kind: reloader.Started, Addr: "127.0.0.1:2"})
			p.Handle(reloader.Event{Kind: reloader.Ready, Addr: "127.0.0.1:2"})
		}()
	}
	for _, k := range []reloader.EventKind{reloader.Building, reloader.Built, reloader.Started, reloader.Ready} {
		p.Handle(reloader.Event{Kind: k, Addr: "127.0.0.1:1"})
	}
	cs := connectMCP(t, newServer(t, p))
	var o proxy.Outcome
	callTool(t, cs, "restart", map[string]any{"timeout": 10}, &o)
	if o.State != proxy.StateRunning || o.AppAddr != "127.0.0.1:2" || o.Cycle != 2 {
		t.Errorf("restart = %+v, want running on 127.0.0.1:2 in cycle 2", o)
	}
}
