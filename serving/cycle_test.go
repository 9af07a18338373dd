package serving

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/devserve/devserve/internal/cyclic"
)

// TestCyclicPanicValues serves panics with self-containing values, without
// the debugger, in a child process, which must answer each promptly and
// exit cleanly: logging a value with fmt would kill it with a stack
// overflow.
func TestCyclicPanicValues(t *testing.T) {
	cyclic.RunChild(t, "TestCyclicPanicChild")
}

// TestCyclicPanicChild is TestCyclicPanicValues' child. Its stack limit is
// low, so that a runaway recursion dies within milliseconds.
func TestCyclicPanicChild(t *testing.T) {
	cyclic.InChild(t)
	values := cyclic.Values()
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic(values[r.URL.Path]) })
	s := startServer(t, "127.0.0.1:0", app, WithLog(io.Discard))
	for path := range values {
		start := time.Now()
		resp, body := rawGet(t, s.addr.String(), "GET", path)
		if d := time.Since(start); resp.StatusCode != 500 || body != "Internal Server Error\n" || d > 2*time.Second {
			t.Errorf("GET %s = %d %q in %v, want a plain 500 at once", path, resp.StatusCode, body, d)
		}
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	out := s.out.String()
	if n := strings.Count(out, "<cycle "); !strings.Contains(out, "http: panic serving 127.0.0.1:") || n < len(values) {
		t.Errorf("output = %.2000q, want %d panics logged with their cycles marked", out, len(values))
	}
}
