package debugpage_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// deep recurses n times, then panics.
func deep(n int) int {
	if n == 0 {
		panic("bottom of a deep recursion")
	}
	return deep(n-1) + 1
}

// TestHandlerDeepRecursion panics 100,000 calls deep: the page comes in
// bounded time and size, HTML and text alike, with the recursion shown.
func TestHandlerDeepRecursion(t *testing.T) {
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { deep(100_000) })
	for _, accept := range []string{"text/html", "text/plain"} {
		start := time.Now()
		resp, body, err := get(t, srv.URL+"/", accept)
		if err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		if resp.StatusCode != 500 || !strings.Contains(body, "bottom of a deep recursion") || !strings.Contains(body, "deep") {
			t.Errorf("%s: GET = %d %.200q, want 500 with the panic", accept, resp.StatusCode, body)
		}
		if len(body) > 8<<20 || took > time.Minute {
			t.Errorf("%s: page of %d bytes after %v, want at most 8 MiB within a minute", accept, len(body), took)
		}
		t.Logf("%s: %d bytes in %v", accept, len(body), took.Round(time.Millisecond))
	}
}
