package serving

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDebugger(t *testing.T) {
	s := startServer(t, "127.0.0.1:0", panicky, WithDebugger())
	if !strings.Contains(s.out.String(), " * Debugger is active") {
		t.Errorf("banner = %q, want the debugger announced", s.out.String())
	}
	addr := s.addr.String()

	resp, body := rawGet(t, addr, "GET", "/panic", "Accept: application/json")
	var report struct{ Message string }
	if err := json.Unmarshal([]byte(body), &report); err != nil || resp.StatusCode != 500 || !strings.Contains(report.Message, "boom") {
		t.Errorf("GET /panic as JSON = %d %q (%v), want a 500 report of %q", resp.StatusCode, body, err, "boom")
	}
	resp, body = rawGet(t, addr, "GET", "/panic", "Accept: text/html")
	if resp.StatusCode != 500 || !strings.Contains(body, "<html") || !strings.Contains(body, "handler_test.go") {
		t.Errorf("GET /panic as HTML = %d, %d bytes, want a 500 traceback page naming handler_test.go", resp.StatusCode, len(body))
	}
	if resp, body := rawGet(t, addr, "GET", "/fine"); resp.StatusCode != 200 || body != "ok" {
		t.Errorf("GET /fine after panics = %d %q, want 200 %q", resp.StatusCode, body, "ok")
	}
	_ = s.stop()
	if out := s.out.String(); !strings.Contains(out, "panic serving GET /panic") {
		t.Errorf("output = %q, want the debugger's panic line", out)
	}
}
