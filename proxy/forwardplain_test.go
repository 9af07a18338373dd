package proxy

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/textproto"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestProxyPanicRunsOnce checks that a GET whose handler panics on a
// reused connection to the app runs once: the proxy answers it with the
// traceback, where an http.Transport would have sent it again.
func TestProxyPanicRunsOnce(t *testing.T) {
	if !plainPossible {
		t.Skip("requests go through an http.Transport on this system")
	}
	p := &Proxy{}
	url := newProxy(t, p)
	var calls atomic.Int64
	app := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/panic" {
			calls.Add(1)
			panic("once")
		}
		io.WriteString(w, "ok")
	}))
	app.Config.ErrorLog = log.New(panicLog{p}, "", 0)
	app.Start()
	t.Cleanup(app.Close)
	ready(p, app)
	get(t, url+"/") // leaves a keep-alive connection to the app in the pool
	resp, body := get(t, url+"/panic")
	if resp.StatusCode != 500 || !strings.Contains(body, "panic: once") {
		t.Errorf("GET /panic = %d %q, want 500 with the traceback", resp.StatusCode, body)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("the panicking handler ran %d times, want 1", n)
	}
}

// TestProxyAppClosesIdle checks that connections the app closed while
// they sat in the pool are not used: by its idle timeout, and by a
// handler that answers and hangs up without saying so.
func TestProxyAppClosesIdle(t *testing.T) {
	p := &Proxy{}
	url := newProxy(t, p)
	app := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hangup" {
			c, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhangup")
			buf.Flush()
			c.Close()
			return
		}
		io.WriteString(w, "ok "+r.URL.Path)
	}))
	app.Config.IdleTimeout = 50 * time.Millisecond
	app.Start()
	t.Cleanup(app.Close)
	ready(p, app)
	for _, step := range []struct {
		path, want string
		pause      time.Duration
	}{
		{"/a", "ok /a", 0},
		{"/b", "ok /b", 300 * time.Millisecond}, // the app's idle timeout closed /a's connection
		{"/hangup", "hangup", 0},
		{"/c", "ok /c", 0}, // straight after the hang-up
	} {
		time.Sleep(step.pause)
		resp, body := get(t, url+step.path)
		if resp.StatusCode != 200 || body != step.want {
			t.Errorf("GET %s = %d %q, want 200 %q", step.path, resp.StatusCode, body, step.want)
		}
	}
}

// TestProxyClientGoesAway checks that when a client gives up on a request
// the app is still working on, the proxy ends the request to the app too.
func TestProxyClientGoesAway(t *testing.T) {
	p := &Proxy{}
	url := newProxy(t, p)
	entered, ended := make(chan struct{}), make(chan struct{})
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-r.Context().Done()
		close(ended)
	})
	ready(p, app)
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/long-poll", nil)
	errc := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	<-entered
	cancel()
	<-errc
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
		t.Fatal("the app's request was not ended 5s after its client went away")
	}
}

// TestProxyInformational checks that a 103 Early Hints response reaches
// the client before the final response, and HEAD and POST requests on the
// same keep-alive connections.
func TestProxyInformational(t *testing.T) {
	p := &Proxy{}
	url := newProxy(t, p)
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case "POST":
			b, _ := io.ReadAll(r.Body)
			io.WriteString(w, "posted "+string(b))
		default:
			w.Header().Set("Link", "</style.css>; rel=preload; as=style")
			w.WriteHeader(http.StatusEarlyHints)
			io.WriteString(w, "final")
		}
	})
	ready(p, app)
	var hints atomic.Int64
	trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, h textproto.MIMEHeader) error {
		if code == http.StatusEarlyHints && h.Get("Link") != "" {
			hints.Add(1)
		}
		return nil
	}}
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	for _, method := range []string{"GET", "HEAD", "POST", "GET"} {
		var body io.Reader
		if method == "POST" {
			body = strings.NewReader("data")
		}
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), method, url+"/", body)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		want := map[string]string{"GET": "final", "HEAD": "", "POST": "posted data"}[method]
		if resp.StatusCode != 200 || string(b) != want {
			t.Errorf("%s = %d %q, want 200 %q", method, resp.StatusCode, b, want)
		}
	}
	if n := hints.Load(); n != 3 {
		t.Errorf("the client got %d Early Hints, want 3 (GET, HEAD, GET)", n)
	}
}

// TestProxyPlainHeaders checks the head of a request and a response on
// their way through: hop-by-hop headers, and those a Connection header
// names, stay behind; a client's X-Forwarded-* and forwarded header are
// replaced; repeated headers and trailers pass.
func TestProxyPlainHeaders(t *testing.T) {
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) {
		var lines []string
		for k, vv := range r.Header {
			lines = append(lines, k+"="+strings.Join(vv, "|"))
		}
		slices.Sort(lines)
		w.Header().Set("Connection", "X-Hop")
		w.Header().Set("X-Hop", "1")
		w.Header().Set("Keep-Alive", "timeout=5")
		w.Header().Set("Trailer", "X-Sum")
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "host="+r.Host+"\n"+strings.Join(lines, "\n"))
		w.Header().Set("X-Sum", "42")
	})
	p := &Proxy{Secret: "s3cret"}
	url := newProxy(t, p)
	ready(p, app)
	req, _ := http.NewRequest("GET", url+"/h?q=1", nil)
	req.Host = "site.test"
	for k, v := range map[string][]string{
		"Connection":           {"X-Private, keep-alive"},
		"X-Private":            {"no"},
		"Proxy-Authorization":  {"Basic eDp5"},
		"Te":                   {"trailers"},
		"X-Forwarded-For":      {"203.0.113.9"},
		"Forwarded":            {"for=203.0.113.9"},
		"X-Devserve-Forwarded": {"for=203.0.113.9;t=1;mac=forged"},
		"X-Multi":              {"a", "b"},
		"Accept":               {"text/html"},
		"Accept-Encoding":      {"br, gzip"},
		"User-Agent":           {"tester"},
	} {
		req.Header[k] = v
	}
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	want := []string{
		"host=site.test",
		"Accept-Encoding=gzip", "Te=trailers", "User-Agent=tester", "X-Multi=a|b",
		"X-Forwarded-For=127.0.0.1", "X-Forwarded-Host=site.test", "X-Forwarded-Proto=http",
		"X-Devserve-Forwarded=for=127.0.0.1;by=127.0.0.1;t=",
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("the app saw:\n%s\nwant a line %q", got, w)
		}
	}
	for _, gone := range []string{"X-Private", "Proxy-Authorization", "\nForwarded=", "forged", "203.0.113.9", "Connection", "s3cret"} {
		if strings.Contains(got, gone) {
			t.Errorf("the app saw:\n%s\nwant no %q", got, gone)
		}
	}
	for _, k := range []string{"X-Hop", "Keep-Alive"} {
		if v := resp.Header.Get(k); v != "" {
			t.Errorf("the client got %s: %s, want it left behind", k, v)
		}
	}
	if v := resp.Trailer.Get("X-Sum"); v != "42" {
		t.Errorf("trailer X-Sum = %q, want 42", v)
	}
}

// TestProxyCutBody checks that a response the app breaks off midway
// reaches the client as broken, not as a short whole one.
func TestProxyCutBody(t *testing.T) {
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) {
		c, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		buf.WriteString("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nb\r\nonly a part\r\n")
		buf.Flush()
		c.Close()
	})
	p := &Proxy{}
	url := newProxy(t, p)
	ready(p, app)
	resp, err := http.Get(url)
	if err != nil {
		return // broken before the head: as good
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil {
		t.Errorf("GET gave %d %q and no error, want the response broken", resp.StatusCode, b)
	}
}
