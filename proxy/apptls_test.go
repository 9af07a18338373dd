package proxy

import (
	"bytes"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAnswersTLS checks the probe of an app's protocol against real
// servers, and that neither kind of server logs it or hands it to the
// app's handler.
func TestAnswersTLS(t *testing.T) {
	var logs bytes.Buffer
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the app's handler got the probe: %s %s", r.Method, r.RequestURI)
	})
	start := func(overTLS bool) string {
		srv := httptest.NewUnstartedServer(h)
		srv.Config.ErrorLog = log.New(&logs, "", 0)
		if overTLS {
			srv.StartTLS()
		} else {
			srv.Start()
		}
		t.Cleanup(srv.Close)
		return srv.Listener.Addr().String()
	}
	silent, err := net.Listen("tcp", "127.0.0.1:0") // accepts, says nothing
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	closed.Close()
	tests := []struct {
		name, addr string
		want       bool
	}{
		{"plain HTTP", start(false), false},
		{"TLS", start(true), true},
		{"silent", silent.Addr().String(), false},
		{"nothing there", closed.Addr().String(), false},
	}
	for _, tt := range tests {
		if got := answersTLS(tt.addr); got != tt.want {
			t.Errorf("answersTLS(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
	if logs.Len() > 0 {
		t.Errorf("the servers logged the probe:\n%s", logs.String())
	}
}

// TestProxyTLSApp checks that an app that speaks TLS only is reached over
// TLS on both forwarding paths, found out or told with AppTLS.
func TestProxyTLSApp(t *testing.T) {
	app := newTLSApp(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		io.WriteString(w, "over tls: "+r.Method+" "+string(b))
	})
	for _, force := range []bool{false, true} {
		p := &Proxy{AppTLS: force}
		url := newProxy(t, p)
		ready(p, app)
		if _, body := get(t, url); body != "over tls: GET " {
			t.Errorf("Proxy{AppTLS: %v}: GET = %q, want %q", force, body, "over tls: GET ")
		}
		resp, err := http.Post(url, "text/plain", strings.NewReader("body"))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != "over tls: POST body" {
			t.Errorf("Proxy{AppTLS: %v}: POST = %q, want %q", force, b, "over tls: POST body")
		}
	}
}
