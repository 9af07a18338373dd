package reloader

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/textproto"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestProxyPanicRunsOnce checks that a GET whose handler panics on a
// reused connection to the app runs once: the proxy answers it with the
// traceback, where an http.Transport would have sent it again.
func TestProxyPanicRunsOnce(t *testing.T) {
	if !directPossible {
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
