package serving

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestLogLineFormat(t *testing.T) {
	log := new(safeBuffer)
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, "1234567")
	})
	s := startServer(t, "127.0.0.1:0", app, WithLog(log))
	resp, _ := rawGet(t, s.addr.String(), "GET", "/path?q=1&x=%22")
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("GET = %d, want 201", resp.StatusCode)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`^127\.0\.0\.1 - - \[\d\d/[A-Z][a-z]{2}/\d{4} \d\d:\d\d:\d\d\] "GET /path\?q=1&x=%22 HTTP/1\.1" 201 7 [0-9.]+(ns|µs|ms|s)\n$`)
	if got := log.String(); !re.MatchString(got) {
		t.Errorf("log line = %q, want it to match %s", got, re)
	}
	if strings.Contains(s.out.String(), "GET") {
		t.Errorf("output = %q, want the request log to go to its own writer", s.out.String())
	}
}

func TestLogLineColoredOnServer(t *testing.T) {
	log := new(safeBuffer)
	s := startServer(t, "127.0.0.1:0", http.NotFoundHandler(), WithLog(log), WithColor(true))
	rawGet(t, s.addr.String(), "GET", "/missing")
	_ = s.stop()
	if want := "] \x1b[33m\"GET /missing HTTP/1.1\"\x1b[0m 404 19 "; !strings.Contains(log.String(), want) {
		t.Errorf("log with colors forced on = %q, want %q", log.String(), want)
	}
}

func TestLogLineColors(t *testing.T) {
	tests := []struct {
		status int
		want   string // the color sequence before the quoted request, "" for none
	}{
		{101, "\x1b[1m"},
		{200, ""},
		{204, ""},
		{301, "\x1b[32m"},
		{302, "\x1b[32m"},
		{304, "\x1b[36m"},
		{400, "\x1b[31;1m"},
		{403, "\x1b[31;1m"},
		{404, "\x1b[33m"},
		{500, "\x1b[35;1m"},
		{503, "\x1b[35;1m"},
	}
	for _, tt := range tests {
		l := &requestLog{}
		l.colors, _ = newPalette(io.Discard, ColorAlways)
		r := httptest.NewRequest("GET", "/x", nil)
		line := string(l.appendLogLine(nil, r, &responseWriter{status: tt.status}, time.Now(), time.Millisecond))
		_, rest, _ := strings.Cut(line, "] ")
		switch {
		case tt.want == "" && strings.Contains(line, "\x1b"):
			t.Errorf("log line for %d = %q, want no color", tt.status, line)
		case tt.want != "" && !strings.HasPrefix(rest, tt.want+`"GET /x HTTP/1.1"`+"\x1b["):
			t.Errorf("log line for %d = %q, want the request in %q", tt.status, line, tt.want)
		}
	}
}

func TestLogLineNoColorWhenOff(t *testing.T) {
	l := &requestLog{}
	l.colors, _ = newPalette(io.Discard, ColorNever)
	r := httptest.NewRequest("GET", "/x", nil)
	line := string(l.appendLogLine(nil, r, &responseWriter{status: 500}, time.Now(), time.Millisecond))
	if strings.Contains(line, "\x1b") {
		t.Errorf("log line with colors off = %q, want no escapes", line)
	}
}

func TestLogLineClients(t *testing.T) {
	tests := []struct {
		remote string
		local  bool
		want   string
	}{
		{"127.0.0.1:5555", false, "127.0.0.1 - - ["},
		{"[::1]:5555", false, "::1 - - ["},
		{"@", true, "<local> - - ["},
		{"", true, "<local> - - ["},
		{"odd", false, "odd - - ["},
	}
	for _, tt := range tests {
		l := &requestLog{local: tt.local}
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.remote
		line := string(l.appendLogLine(nil, r, &responseWriter{status: 200}, time.Now(), 0))
		if !strings.HasPrefix(line, tt.want) {
			t.Errorf("log line for client %q (local %v) = %q, want prefix %q", tt.remote, tt.local, line, tt.want)
		}
	}
}

func TestLogLineUnixClient(t *testing.T) {
	log := new(safeBuffer)
	s := startServer(t, "unix://"+t.TempDir()+"/log.sock", hello, WithLog(log))
	c, base := s.client()
	resp, err := c.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if got := log.String(); !strings.HasPrefix(got, "<local> - - [") || !strings.Contains(got, `"GET / HTTP/1.1" 200 5 `) {
		t.Errorf("log line of a unix-socket client = %q, want <local> and the request", got)
	}
}

func TestAppendEscaped(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/plain/path?q=1", "/plain/path?q=1"},
		{"/a\x1b[31mred", `/a\x1b[31mred`},
		{"/line\nbreak\r", `/line\x0abreak\x0d`},
		{"/tab\tdel\x7f", `/tab\x09del\x7f`},
		{`/"quoted"\`, `/\"quoted\"\\`},
		{"/caf\u00e9/\u65e5\u672c", "/caf\u00e9/\u65e5\u672c"},
		{"/c1\u009b31m", `/c1\u009b31m`},
		{"/bad\xff\xfeutf8", `/bad\xff\xfeutf8`},
	}
	for _, tt := range tests {
		if got := string(appendEscaped(nil, tt.in)); got != tt.want {
			t.Errorf("appendEscaped(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAppendDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{850 * time.Nanosecond, "850ns"},
		{412345 * time.Nanosecond, "412µs"},
		{3123456 * time.Nanosecond, "3.1ms"},
		{12345678 * time.Nanosecond, "12ms"},
		{1234567890 * time.Nanosecond, "1.23s"},
		{90 * time.Second, "1m30s"},
		{3 * time.Millisecond, "3ms"},
		{999999 * time.Nanosecond, "1ms"},
		{0, "0ns"},
	}
	for _, tt := range tests {
		if got := string(appendDuration(nil, tt.in)); got != tt.want {
			t.Errorf("appendDuration(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
