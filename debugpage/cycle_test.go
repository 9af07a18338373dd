package debugpage_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/devserve/devserve/internal/cyclic"
)

// TestCyclicPanicValues serves panics with self-containing values in a
// child process, which must answer each promptly and exit cleanly: a
// formatter that recursed without end would kill it with a stack overflow.
func TestCyclicPanicValues(t *testing.T) {
	cyclic.RunChild(t, "TestCyclicPanicChild")
}

// TestCyclicPanicChild is TestCyclicPanicValues' child. Its stack limit is
// low, so that a runaway recursion dies within milliseconds, before the
// page it delays is served.
func TestCyclicPanicChild(t *testing.T) {
	cyclic.InChild(t)
	values := cyclic.Values()
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { panic(values[r.URL.Path]) })
	http.DefaultClient.Timeout = 10 * time.Second
	for path := range values {
		for _, accept := range []string{"text/html", "text/plain", "application/json"} {
			start := time.Now()
			resp, body, err := get(t, srv.URL+path, accept)
			if err != nil {
				t.Fatalf("GET %s (%s): %v", path, accept, err)
			}
			if d := time.Since(start); resp.StatusCode != 500 || d > 2*time.Second {
				t.Errorf("GET %s (%s) = %d in %v, want a 500 at once", path, accept, resp.StatusCode, d)
			}
			if !strings.Contains(body, "cycle []interface {}") && !strings.Contains(body, "cycle map[string]interface {}") || strings.Contains(body, "did not finish") {
				t.Errorf("GET %s (%s): body does not draw the value with its cycle marked:\n%.800s", path, accept, body)
			}
		}
	}
}
