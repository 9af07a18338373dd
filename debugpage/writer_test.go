package debugpage_test

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// transparentCases are handlers that use a ResponseWriter in every way
// net/http allows (and some it does not). Each returns what it saw (the
// results of its calls), which must not change under the debugger either.
var transparentCases = []struct {
	name   string
	method string // GET if empty
	panics bool   // net/http panics: the debugger shows a page instead
	h      func(w http.ResponseWriter, r *http.Request) []any
}{
	{"header after WriteHeader", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.Header().Set("X-Before", "1")
		w.WriteHeader(http.StatusCreated)
		w.Header().Set("X-After", "1")
		w.Header().Del("X-Before")
		return results(w.Write([]byte("body")))
	}},
	{"header after WriteHeader, no body", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.WriteHeader(http.StatusCreated)
		w.Header().Set("X-After", "1")
		return nil
	}},
	{"header after WriteHeader, then Flush", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.WriteHeader(http.StatusAccepted)
		w.Header().Set("X-After", "1")
		err := http.NewResponseController(w).Flush()
		return append(results(io.WriteString(w, "body")), err)
	}},
	{"header after first Write", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		io.WriteString(w, "a")
		w.Header().Set("X-After", "1")
		return results(io.WriteString(w, "b"))
	}},
	{"WriteHeader twice", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.WriteHeader(http.StatusAccepted)
		w.WriteHeader(http.StatusInternalServerError)
		return results(io.WriteString(w, "body"))
	}},
	{"WriteHeader after Write", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		io.WriteString(w, "body")
		w.WriteHeader(http.StatusInternalServerError)
		return nil
	}},
	{"http.Error after Write", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		io.WriteString(w, "body")
		http.Error(w, "nope", http.StatusTeapot)
		return nil
	}},
	{"sniffed", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		return results(io.WriteString(w, "<!DOCTYPE html><p>hi"))
	}},
	{"sniffed in pieces", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		io.WriteString(w, "%PD")
		return results(io.WriteString(w, "F-1.4 ..."))
	}},
	{"nothing written", "", false, func(w http.ResponseWriter, r *http.Request) []any { return nil }},
	{"early hints", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.Header().Set("Link", "</a.css>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		w.Header().Set("X-Final", "1")
		w.WriteHeader(http.StatusOK)
		return results(io.WriteString(w, "body"))
	}},
	{"1xx after the status", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.WriteHeader(http.StatusOK)
		w.WriteHeader(http.StatusEarlyHints)
		return results(io.WriteString(w, "body"))
	}},
	{"100 Continue", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.WriteHeader(http.StatusContinue)
		return results(io.WriteString(w, "body"))
	}},
	{"Flush before write", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.(http.Flusher).Flush()
		w.Header().Set("X-After", "1")
		return results(io.WriteString(w, "body"))
	}},
	{"ResponseController", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		rc := http.NewResponseController(w)
		deadline := time.Now().Add(time.Minute)
		return []any{
			rc.SetReadDeadline(deadline), rc.SetWriteDeadline(deadline), rc.EnableFullDuplex(),
			rc.Flush(), rc.SetReadDeadline(deadline),
		}
	}},
	{"Hijack", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		c, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return []any{err}
		}
		brw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi")
		brw.Flush()
		c.Close()
		n, err := io.WriteString(w, "late")
		w.WriteHeader(http.StatusInternalServerError)
		return []any{n, err}
	}},
	{"ReadFrom", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		src := io.LimitReader(strings.NewReader(strings.Repeat("<html>", 2000)), 9000)
		return results64(w.(io.ReaderFrom).ReadFrom(src))
	}},
	{"ReadFrom a file", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		f, err := os.Open("testdata/crash/overflow.txt")
		if err != nil {
			return []any{err}
		}
		defer f.Close()
		w.WriteHeader(http.StatusOK)
		w.Header().Set("X-After", "1")
		return results64(io.Copy(w, f))
	}},
	{"status 999", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.WriteHeader(999)
		return results(io.WriteString(w, "body"))
	}},
	{"status 0", "", true, func(w http.ResponseWriter, r *http.Request) []any {
		w.WriteHeader(0)
		return results(io.WriteString(w, "body"))
	}},
	{"status 99", "", true, func(w http.ResponseWriter, r *http.Request) []any {
		w.WriteHeader(99)
		return nil
	}},
	{"status 1000", "", true, func(w http.ResponseWriter, r *http.Request) []any {
		w.WriteHeader(1000)
		return results(io.WriteString(w, "body"))
	}},
	{"Content-Length too small", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.Header().Set("Content-Length", "2")
		return results(io.WriteString(w, "hello"))
	}},
	{"Content-Length too large", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.Header().Set("Content-Length", "10")
		return results(io.WriteString(w, "hello"))
	}},
	{"Content-Length invalid", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.Header().Set("Content-Length", "five")
		w.WriteHeader(http.StatusOK)
		return append(results(io.WriteString(w, "hello")), w.Header().Get("Content-Length"))
	}},
	{"Content-Length after WriteHeader", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.WriteHeader(http.StatusOK)
		w.Header().Set("Content-Length", "2")
		return results(io.WriteString(w, "hello"))
	}},
	{"HEAD", http.MethodHead, false, func(w http.ResponseWriter, r *http.Request) []any {
		return results(io.WriteString(w, "<p>body"))
	}},
	{"HEAD with header after WriteHeader", http.MethodHead, false, func(w http.ResponseWriter, r *http.Request) []any {
		w.WriteHeader(http.StatusOK)
		w.Header().Set("X-After", "1")
		return results(io.WriteString(w, "body"))
	}},
	{"trailer declared", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.Header().Set("Trailer", "X-Sum")
		w.WriteHeader(http.StatusOK)
		n, err := io.WriteString(w, "body")
		w.Header().Set("X-Sum", "abc")
		return []any{n, err}
	}},
	{"trailer set before the body", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.Header().Set("Trailer", "X-Sum")
		w.WriteHeader(http.StatusOK)
		w.Header().Set("X-Sum", "abc")
		return results(io.WriteString(w, "body"))
	}},
	{"trailer by prefix", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		n, err := io.WriteString(w, "body")
		w.Header().Set(http.TrailerPrefix+"X-Sum", "abc")
		return []any{n, err}
	}},
	{"trailer by prefix after WriteHeader", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.WriteHeader(http.StatusOK)
		w.Header().Set(http.TrailerPrefix+"X-Sum", "abc")
		return results(io.WriteString(w, "body"))
	}},
	{"204 with a body", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		w.WriteHeader(http.StatusNoContent)
		return results(io.WriteString(w, "body"))
	}},
	{"ServeContent range", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		r.Header.Set("Range", "bytes=2-5")
		http.ServeContent(w, r, "a.txt", time.Unix(1e9, 0), strings.NewReader("0123456789"))
		return nil
	}},
	{"Redirect", "", false, func(w http.ResponseWriter, r *http.Request) []any {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
		return nil
	}},
}

func results(n int, err error) []any     { return []any{n, err} }
func results64(n int64, err error) []any { return []any{n, err} }

// TestTransparent checks that a response is the same, byte for byte on
// the wire (but the Date), with the debugger as without it, and that the
// handler sees the same results and the server logs the same warnings;
// except when the handler panics, which the debugger shows.
func TestTransparent(t *testing.T) {
	bare := newRecorded(t, nil)
	ways := []struct {
		name string
		s    *recorded
	}{
		{"Handler", newRecorded(t, debugpage.Handler)},
		{"Debugger", newRecorded(t, (&debugpage.Debugger{Log: log.New(io.Discard, "", 0), NoGoroutines: true}).Handler)},
	}
	for i, tt := range transparentCases {
		want, wantSeen, wantLog := bare.do(t, i)
		for _, way := range ways {
			got, seen, logged := way.s.do(t, i)
			if tt.panics {
				if want != "" || !strings.HasPrefix(got, "HTTP/1.1 500 ") {
					t.Errorf("%s: %s: response = %.40q, bare %.40q, want a debug page where net/http drops the connection", way.name, tt.name, got, want)
				}
				continue
			}
			if got != want {
				t.Errorf("%s: %s: response =\n%s\nwant\n%s", way.name, tt.name, got, want)
			}
			if seen != wantSeen {
				t.Errorf("%s: %s: handler saw %s, want %s", way.name, tt.name, seen, wantSeen)
			}
			if logged != wantLog {
				t.Errorf("%s: %s: server logged %q, want %q", way.name, tt.name, logged, wantLog)
			}
		}
	}
}

// recorded is a loopback server of transparentCases (the case's index is
// the path) with what its handlers saw and what it logged.
type recorded struct {
	addr string
	seen chan string
	log  lockedBuffer
}

// newRecorded starts a server of transparentCases wrapped by wrap, if not
// nil.
func newRecorded(t *testing.T, wrap func(http.Handler) http.Handler) *recorded {
	rs := &recorded{seen: make(chan string, 1)}
	var h http.Handler = http.HandlerFunc(rs.serve)
	if wrap != nil {
		h = wrap(h)
	}
	s := httptest.NewUnstartedServer(h)
	s.Config.ErrorLog = log.New(&rs.log, "", 0)
	s.Start()
	t.Cleanup(s.Close)
	rs.addr = s.Listener.Addr().String()
	return rs
}

// serve runs the case the path names and sends on rs.seen what it saw.
func (rs *recorded) serve(w http.ResponseWriter, r *http.Request) {
	var saw []any
	defer func() { rs.seen <- fmt.Sprint(saw...) }()
	var i int
	fmt.Sscanf(r.URL.Path, "/%d", &i)
	saw = transparentCases[i].h(w, r)
}

// dateLine matches the Date header, the one part of a response that may
// change between two requests.
var dateLine = regexp.MustCompile(`(?m)^Date: .*\r\n`)

// do runs case i and returns the raw response (without its Date), what the
// handler saw and what the server logged.
func (rs *recorded) do(t *testing.T, i int) (resp, seen, logged string) {
	t.Helper()
	c, err := net.Dial("tcp", rs.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	method := cmp.Or(transparentCases[i].method, http.MethodGet)
	fmt.Fprintf(c, "%s /%d HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", method, i, rs.addr)
	b, err := io.ReadAll(c)
	if err != nil && !transparentCases[i].panics {
		t.Errorf("%s: reading the response: %v", transparentCases[i].name, err)
	}
	select {
	case seen = <-rs.seen:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: the handler did not return", transparentCases[i].name)
	}
	return dateLine.ReplaceAllString(string(b), ""), seen, rs.log.take()
}

// lockedBuffer is a log's output, read by the test while the server may
// write.
type lockedBuffer struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

func (lb *lockedBuffer) Write(p []byte) (int, error) {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	return lb.b.Write(p)
}

// take returns what was written and empties the buffer.
func (lb *lockedBuffer) take() string {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	s := lb.b.String()
	lb.b.Reset()
	return s
}
