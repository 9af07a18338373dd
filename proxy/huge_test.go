package proxy

import (
	"bytes"
	"crypto/sha256"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestProxyHugeResponses sends 16 MiB bodies through the proxy, HTML (in
// which the live-reload script is inserted) and not, with and without a
// Content-Length, and checks that every byte arrives in order.
func TestProxyHugeResponses(t *testing.T) {
	const size = 16 << 20
	body := bytes.Repeat([]byte("0123456789abcdef"), size/16)
	page := append([]byte("<html><head></head><body>"), body...)
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) {
		b := body
		if r.URL.Query().Get("type") == "text/html" {
			b = page
		}
		w.Header().Set("Content-Type", r.URL.Query().Get("type"))
		if r.URL.Query().Get("length") != "" {
			w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		}
		for len(b) > 0 { // in pieces, as a generator would
			n := min(len(b), 1<<20)
			w.Write(b[:n])
			b = b[n:]
		}
	})
	p := &Proxy{}
	url := newProxy(t, p)
	ready(p, app)
	for _, q := range []string{"type=application/octet-stream&length=1", "type=application/octet-stream", "type=text/html", "type=text/html&length=1"} {
		req, _ := http.NewRequest("GET", url+"/?"+q, nil)
		req.Header.Set("Accept", "text/html")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET ?%s: %v", q, err)
		}
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("GET ?%s: reading: %v", q, err)
		}
		switch {
		case !strings.Contains(q, "html"):
			if !bytes.Equal(sha(got), sha(body)) {
				t.Errorf("GET ?%s: %d body bytes, want the %d sent, intact", q, len(got), len(body))
			}
		case !bytes.HasSuffix(got, body) || !bytes.HasPrefix(got, []byte("<html><head>")) || !bytes.Contains(got[:len(got)-len(body)], []byte("/__devserve/")):
			t.Errorf("GET ?%s: %d body bytes starting %.80q, want the %d sent, intact, with the live-reload script in the head", q, len(got), got, len(page))
		}
	}
}

func sha(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}
