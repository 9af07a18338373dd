package debugpage

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"testing"
	"time"
)

// deepReport captures a panic about 40 frames deep, through three
// functions that call each other, as the middleware would.
func deepReport(tb testing.TB) *Report {
	tb.Helper()
	var c *capture
	func() {
		defer func() { c = newCapture(recover(), true) }()
		alpha(12)
	}()
	bi, _ := debug.ReadBuildInfo()
	rep := c.report(NewRequest(httptest.NewRequest("GET", "/deep?q=1", nil)), bi, time.Time{})
	if n := len(rep.Sections[0].Frames); n < 40 {
		tb.Fatalf("deep panic has %d frames, want at least 40", n)
	}
	return rep
}

func alpha(n int) int {
	if n == 0 {
		var deep []int
		return deep[n]
	}
	return beta(n) + 1
}

func beta(n int) int { return gamma(n) + 1 }

func gamma(n int) int { return alpha(n-1) + 1 }

// BenchmarkRenderCold draws the page of a 40-frame panic with an empty
// source cache: every file is read and every window highlighted.
func BenchmarkRenderCold(b *testing.B) {
	rep := deepReport(b)
	for b.Loop() {
		var rd Renderer
		if err := rd.WriteHTML(io.Discard, rep); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderWarm draws the same page again with the cache filled.
func BenchmarkRenderWarm(b *testing.B) {
	rep := deepReport(b)
	var rd Renderer
	if err := rd.WriteHTML(io.Discard, rep); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := rd.WriteHTML(io.Discard, rep); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCapture measures what the middleware does at a panic before
// drawing: the stack, the goroutine dump, the request.
func BenchmarkCapture(b *testing.B) {
	for b.Loop() {
		deepReport(b)
	}
}

// nopWriter is a ResponseWriter that keeps nothing.
type nopWriter struct{ h http.Header }

func (w nopWriter) Header() http.Header         { return w.h }
func (w nopWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w nopWriter) WriteHeader(int)             {}

var okBody = []byte("ok")

var okHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(okBody)
})

// BenchmarkMiddleware measures the middleware around a handler that does
// not panic.
func BenchmarkMiddleware(b *testing.B) {
	h := Handler(okHandler)
	w := nopWriter{h: make(http.Header)}
	r := httptest.NewRequest("GET", "/", nil)
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(w, r)
	}
}

// TestMiddlewareAllocs checks that the middleware allocates nothing on a
// request that does not panic but its response writer and, when the
// handler sets a header and then the status, the copy of the header that
// net/http makes too.
func TestMiddlewareAllocs(t *testing.T) {
	typed := http.Header{"Content-Type": {"text/plain"}}
	clone := testing.AllocsPerRun(100, func() { sinkHeader = typed.Clone() })
	tests := []struct {
		name  string
		h     http.HandlerFunc
		extra float64
	}{
		{"WriteHeader, Write", okHandler, 0},
		{"Header, Write", func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Content-Type"] = typed["Content-Type"]
			_, _ = w.Write(okBody)
		}, 0},
		{"Header, WriteHeader, Write", func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Content-Type"] = typed["Content-Type"]
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(okBody)
		}, clone},
	}
	for _, tt := range tests {
		h := Handler(tt.h)
		w := nopWriter{h: make(http.Header)}
		r := httptest.NewRequest("GET", "/", nil)
		bare := testing.AllocsPerRun(100, func() { tt.h.ServeHTTP(w, r) })
		wrapped := testing.AllocsPerRun(100, func() { h.ServeHTTP(w, r) })
		if got, want := wrapped-bare, 1+tt.extra; got > want {
			t.Errorf("%s: middleware allocations per request = %v, want at most %v", tt.name, got, want)
		}
	}
}

var sinkHeader http.Header
