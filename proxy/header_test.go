package proxy

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/devserve/devserve/debugpage"
)

// seen is what the app saw of one request.
type seen struct {
	Method, Target, Host string
	Header               http.Header
	Body                 string
}

// parityApp answers by path, recording what it saw of every request. The
// header that vouches for the client, signed afresh for every request, is
// recorded as what the app's debugger believes of it with secret.
func parityApp(t *testing.T, last *seen, mu *sync.Mutex, secret string, overTLS bool) *httptest.Server {
	serve := newApp
	if overTLS {
		serve = newTLSApp
	}
	return serve(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		in := r.Header.Clone()
		if in.Get(debugpage.ForwardedHeader) != "" {
			client, local := (&debugpage.Trust{Secret: secret}).Peer(r)
			in.Set(debugpage.ForwardedHeader, "believed: for "+client.String()+" by "+local.String())
		}
		mu.Lock()
		*last = seen{r.Method, r.RequestURI, r.Host, in, string(b)}
		mu.Unlock()
		h := w.Header()
		switch strings.TrimPrefix(r.URL.Path, "/") {
		case "page":
			h.Set("Content-Type", "text/html; charset=utf-8")
			h.Set("ETag", `"v1"`)
			io.WriteString(w, "<!doctype html><html><head><title>t</title></head><body>hi</body></html>")
		case "gzpage":
			h.Set("Content-Type", "text/html")
			h.Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			io.WriteString(zw, "<html><head></head><body>zipped</body></html>")
			zw.Close()
		case "stream":
			h.Set("Content-Type", "text/event-stream")
			for i := range 3 {
				fmt.Fprintf(w, "data: %d\n\n", i)
				w.(http.Flusher).Flush()
			}
		case "trailer":
			h.Set("Trailer", "X-Sum")
			io.WriteString(w, "body")
			h.Set("X-Sum", "42")
		case "nocontent":
			w.WriteHeader(http.StatusNoContent)
		case "notmodified":
			w.WriteHeader(http.StatusNotModified)
		case "hop":
			h.Set("Connection", "X-Private")
			h.Set("X-Private", "not for the client")
			h.Set("Keep-Alive", "timeout=5")
			io.WriteString(w, "hop")
		case "redirect":
			http.Redirect(w, r, "/page?from=redirect", http.StatusFound)
		default:
			h.Set("X-App", "yes")
			h.Add("X-Multi", "a")
			h.Add("X-Multi", "b")
			io.WriteString(w, "text "+r.URL.RawQuery)
		}
	})
}

// TestForwardingParity sends the same requests through the plain
// forwarder and through httputil.ReverseProxy, to an app that speaks
// plain HTTP and to one that speaks TLS, and checks that the app and the
// client see exactly the same on both paths.
func TestForwardingParity(t *testing.T) {
	for _, overTLS := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain app", true: "TLS app"}[overTLS], func(t *testing.T) {
			testForwardingParity(t, overTLS)
		})
	}
}

func testForwardingParity(t *testing.T, overTLS bool) {
	var mu sync.Mutex
	var last seen
	secret := debugpage.NewSecret()
	app := parityApp(t, &last, &mu, secret, overTLS)
	p := &Proxy{Secret: secret}
	ready(p, app)
	// One front server, the path chosen per request, so that both paths
	// see the same local address; one client connection, so that both
	// see the same client address.
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := r.Header.Get("X-Test-Path")
		r.Header.Del("X-Test-Path")
		st, _ := p.snapshot()
		if path == "plain" {
			p.forwardPlain(w, r, st)
		} else {
			p.forwardReverse(w, r, st)
		}
	}))
	t.Cleanup(front.Close)
	conn, err := net.Dial("tcp", front.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	br := bufio.NewReader(conn)

	tests := []struct {
		name, request string // the request head, without the test's path header and the final CRLF
	}{
		{"get", "GET / HTTP/1.1\r\nHost: example.test\r\nUser-Agent: test\r\n"},
		{"no user agent", "GET /x HTTP/1.1\r\nHost: example.test\r\n"},
		{"raw target", "GET /a%2Fb/%C3%BC/./c?q=%20x;y&z HTTP/1.1\r\nHost: example.test\r\n"},
		{"empty query", "GET /q? HTTP/1.1\r\nHost: example.test\r\n"},
		{"head", "HEAD /page HTTP/1.1\r\nHost: example.test\r\n"},
		{"options", "OPTIONS /x HTTP/1.1\r\nHost: example.test\r\n"},
		{"delete", "DELETE /x HTTP/1.1\r\nHost: example.test\r\n"},
		{"hop by hop", "GET /x HTTP/1.1\r\nHost: example.test\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\nKeep-Alive: 300\r\nProxy-Authorization: x\r\n"},
		{"spoofed forwarding", "GET /x HTTP/1.1\r\nHost: example.test\r\nX-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Host: evil\r\nX-Forwarded-Proto: https\r\nForwarded: for=6.6.6.6\r\n" + debugpage.ForwardedHeader + ": secret=guess;for=6.6.6.6\r\n"},
		{"page, brotli or gzip", "GET /page HTTP/1.1\r\nHost: example.test\r\nAccept: text/html\r\nAccept-Encoding: br, gzip\r\n"},
		{"page, brotli only", "GET /page HTTP/1.1\r\nHost: example.test\r\nAccept: text/html\r\nAccept-Encoding: br\r\n"},
		{"gzipped page", "GET /gzpage HTTP/1.1\r\nHost: example.test\r\nSec-Fetch-Dest: document\r\nAccept-Encoding: gzip\r\n"},
		{"script keeps its encodings", "GET /x HTTP/1.1\r\nHost: example.test\r\nSec-Fetch-Dest: script\r\nAccept-Encoding: br, zstd\r\n"},
		{"fetch of a page", "GET /page HTTP/1.1\r\nHost: example.test\r\nSec-Fetch-Dest: empty\r\n"},
		{"htmx", "GET /page HTTP/1.1\r\nHost: example.test\r\nAccept: text/html\r\nHX-Request: true\r\n"},
		{"trailers", "GET /trailer HTTP/1.1\r\nHost: example.test\r\nTe: trailers\r\n"},
		{"stream", "GET /stream HTTP/1.1\r\nHost: example.test\r\nAccept: text/event-stream\r\n"},
		{"no content", "GET /nocontent HTTP/1.1\r\nHost: example.test\r\n"},
		{"not modified", "GET /notmodified HTTP/1.1\r\nHost: example.test\r\nIf-None-Match: \"v1\"\r\n"},
		{"response hop by hop", "GET /hop HTTP/1.1\r\nHost: example.test\r\n"},
		{"redirect", "GET /redirect HTTP/1.1\r\nHost: example.test\r\n"},
		{"repeated fields", "GET /x HTTP/1.1\r\nHost: example.test\r\nCookie: a=1\r\nCookie: b=2\r\nX-Many: 1\r\nX-Many: 2\r\n"},
	}
	exchange := func(path, request string) (seen, string) {
		t.Helper()
		mu.Lock()
		last = seen{}
		mu.Unlock()
		if _, err := io.WriteString(conn, request+"X-Test-Path: "+path+"\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		method, _, _ := strings.Cut(request, " ")
		resp, err := http.ReadResponse(br, &http.Request{Method: method})
		if err != nil {
			t.Fatalf("%s: reading the response: %v", path, err)
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("%s: reading the body: %v", path, err)
		}
		resp.Header.Del("Date")
		mu.Lock()
		defer mu.Unlock()
		return last, fmt.Sprintf("%s\n%v\n%v\n%q", resp.Status, resp.Header, resp.Trailer, body)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			appPlain, clientPlain := exchange("plain", tt.request)
			appReverse, clientReverse := exchange("reverse", tt.request)
			if appPlain.Method == "" || appReverse.Method == "" {
				t.Fatalf("the app saw nothing: plain %+v, reverse %+v", appPlain, appReverse)
			}
			if !reflect.DeepEqual(appPlain, appReverse) {
				t.Errorf("the app saw\nplain:   %+v\nreverse: %+v", appPlain, appReverse)
			}
			if clientPlain != clientReverse {
				t.Errorf("the client saw\nplain:   %s\nreverse: %s", clientPlain, clientReverse)
			}
		})
	}
}
