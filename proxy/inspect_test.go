package proxy

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/reloader"
)

// fakeInspector answers as an inspector of a goroutine whose frame 0
// holds x = 7 and the run's secret in s.
type fakeInspector struct{ secret string }

func (f fakeInspector) Frames(ctx context.Context, pid int, gid int64, lim debugpage.Limits) ([]debugpage.FrameVars, error) {
	if gid != 42 {
		return nil, errors.New("inspect: no such goroutine")
	}
	return []debugpage.FrameVars{{Function: "main.f", Locals: []debugpage.Var{
		{Name: "x", Kind: "int", Value: "7"}, {Name: "s", Kind: "string", Value: "key=" + f.secret}}}}, nil
}

func (f fakeInspector) Eval(ctx context.Context, pid int, gid int64, depth int, expr string, lim debugpage.Limits) (debugpage.Var, error) {
	if expr != "x" {
		return debugpage.Var{}, errors.New("inspect: could not find symbol value for " + expr)
	}
	return debugpage.Var{Name: "x", Kind: "int", Value: "7"}, nil
}

// channel serves x's channel on a Unix socket until the test ends, as
// the supervisor of this very process.
func channel(t *testing.T, x *Inspection) string {
	t.Helper()
	ln, err := ListenChannel()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- x.ServeChannel(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("ServeChannel: %v", err)
		}
		ln.Close()
	})
	x.Handle(reloader.Event{Kind: reloader.Started, PID: os.Getpid()})
	return ln.Addr().String()
}

// askPark sends a park request signed with secret, and returns the answer's
// status, first line and body.
func askPark(t *testing.T, sock, secret string, req debugpage.ParkRequest) (int, debugpage.ParkAnswer, *bufio.Reader) {
	t.Helper()
	body, _ := json.Marshal(req)
	c := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return new(net.Dialer).DialContext(ctx, "unix", sock)
	}}}
	hr, _ := http.NewRequest(http.MethodPost, "http://supervisor"+debugpage.ParkPath, bytes.NewReader(body))
	hr.Header.Set(debugpage.InspectAuthHeader, debugpage.Sign(secret, body))
	resp, err := c.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	var ans debugpage.ParkAnswer
	br := bufio.NewReader(resp.Body)
	if resp.StatusCode == http.StatusOK {
		line, err := br.ReadBytes('\n')
		if err != nil || json.Unmarshal(line, &ans) != nil {
			t.Fatalf("first line of the answer: %q, %v", line, err)
		}
	}
	return resp.StatusCode, ans, br
}

func TestChannelChecks(t *testing.T) {
	x := &Inspection{Inspector: fakeInspector{"S3CRET"}, Secret: "S3CRET"}
	sock := channel(t, x)
	tests := []struct {
		name   string
		secret string
		pid    int
		want   int
	}{
		{"signed by the app", "S3CRET", os.Getpid(), http.StatusOK},
		{"another secret", "guess", os.Getpid(), http.StatusForbidden},
		{"on behalf of another process", "S3CRET", 1, http.StatusForbidden},
	}
	for _, tt := range tests {
		status, _, _ := askPark(t, sock, tt.secret, debugpage.ParkRequest{PID: tt.pid, Goroutine: 42})
		if status != tt.want {
			t.Errorf("park request %s: status %d, want %d", tt.name, status, tt.want)
		}
	}
}

func TestChannelAnswer(t *testing.T) {
	x := &Inspection{Inspector: fakeInspector{"S3CRET"}, Secret: "S3CRET"}
	sock := channel(t, x)
	_, ans, body := askPark(t, sock, "S3CRET", debugpage.ParkRequest{PID: os.Getpid(), Goroutine: 42, Console: true})
	if len(ans.Frames) != 1 || ans.Token == "" || ans.Console != InspectPrefix {
		t.Fatalf("answer = %+v, want one frame and a console token", ans)
	}
	if s := ans.Frames[0].Locals[1].Value; strings.Contains(s, "S3CRET") || !strings.Contains(s, redacted) {
		t.Errorf("a local holding the secret reads %q, want it redacted", s)
	}
	ended := make(chan struct{})
	go func() {
		body.ReadString('\n') // until the answer ends: the goroutine is released
		close(ended)
	}()
	rec := consoleRequest(t, x, "release", ans.Token, ans.Token)
	if rec.Code != http.StatusNoContent {
		t.Errorf("release: status %d, want 204", rec.Code)
	}
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the answer did not end after the page released the goroutine")
	}
	rec = consoleRequest(t, x, "eval", ans.Token, `{"frame":0,"expr":"x"}`)
	if rec.Code != http.StatusGone || !strings.Contains(rec.Body.String(), "the page was closed") {
		t.Errorf("eval after release: %d %s, want 410 saying the page was closed", rec.Code, rec.Body)
	}
}

// TestIdleRelease leaves a parked goroutine's console unused: it is
// released after Idle, and a console request says so.
func TestIdleRelease(t *testing.T) {
	x := &Inspection{Inspector: fakeInspector{}, Secret: "S", Idle: 50 * time.Millisecond}
	sock := channel(t, x)
	_, ans, body := askPark(t, sock, "S", debugpage.ParkRequest{PID: os.Getpid(), Goroutine: 42, Console: true})
	if _, err := body.ReadString('\n'); err == nil {
		t.Fatal("the answer went on after its first line, want it to end")
	}
	rec := consoleRequest(t, x, "eval", ans.Token, `{"expr":"x"}`)
	if rec.Code != http.StatusGone || !strings.Contains(rec.Body.String(), "idle") {
		t.Errorf("eval after the idle timeout = %d %s, want 410 saying the console was idle", rec.Code, rec.Body)
	}
}

func TestConsoleEval(t *testing.T) {
	x := &Inspection{Inspector: fakeInspector{}, Secret: "S"}
	sock := channel(t, x)
	_, ans, _ := askPark(t, sock, "S", debugpage.ParkRequest{PID: os.Getpid(), Goroutine: 42, Console: true})
	tests := []struct {
		token, body string
		status      int
		want        string
	}{
		{ans.Token, `{"frame":0,"expr":"x"}`, http.StatusOK, `"value":"7"`},
		{ans.Token, `{"frame":0,"expr":"y"}`, http.StatusUnprocessableEntity, "could not find symbol value for y"},
		{"guess", `{"frame":0,"expr":"x"}`, http.StatusForbidden, "no page has this console token"},
		{ans.Token, `not json`, http.StatusBadRequest, "not JSON"},
	}
	for _, tt := range tests {
		rec := consoleRequest(t, x, "eval", tt.token, tt.body)
		if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.want) {
			t.Errorf("eval %s with token %q = %d %s, want %d with %q", tt.body, tt.token, rec.Code, rec.Body, tt.status, tt.want)
		}
	}
}

// TestPINLockout guesses wrong PINs at once from many clients: exactly
// ten are counted, after which even the right PIN is refused.
func TestPINLockout(t *testing.T) {
	pin := &PIN{Value: "123-456-789"}
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pin.try("000000000")
		}()
	}
	wg.Wait()
	if pin.failures != maxPINFailures {
		t.Errorf("after 50 wrong PINs at once, %d failures counted, want %d", pin.failures, maxPINFailures)
	}
	if ok, locked := pin.try("123456789"); ok || !locked {
		t.Errorf("the right PIN after the lockout = ok %v, locked %v; want refused, locked", ok, locked)
	}
}

func TestPINCookie(t *testing.T) {
	x := &Inspection{Inspector: fakeInspector{}, Secret: "S", PIN: &PIN{Value: "123456789"}}
	sock := channel(t, x)
	_, ans, _ := askPark(t, sock, "S", debugpage.ParkRequest{PID: os.Getpid(), Goroutine: 42, Console: true})
	if rec := consoleRequest(t, x, "eval", ans.Token, `{"expr":"x"}`); rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), `"pin":true`) {
		t.Errorf("eval without the PIN = %d %s, want 401 asking for it", rec.Code, rec.Body)
	}
	if rec := consoleRequest(t, x, "pin", ans.Token, `{"pin":"111-111-111"}`); rec.Code != http.StatusForbidden {
		t.Errorf("a wrong PIN = %d, want 403", rec.Code)
	}
	rec := consoleRequest(t, x, "pin", ans.Token, `{"pin":"123-456-789"}`)
	cookies := rec.Result().Cookies()
	if rec.Code != http.StatusOK || len(cookies) != 1 || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode || cookies[0].MaxAge != 7*24*3600 {
		t.Fatalf("the right PIN = %d, cookies %+v; want 200 and an HttpOnly, SameSite=Strict cookie for 7 days", rec.Code, cookies)
	}
	req := httptest.NewRequest(http.MethodPost, InspectPrefix+"eval", strings.NewReader(`{"expr":"x"}`))
	req.Header.Set(TokenHeader, ans.Token)
	req.AddCookie(cookies[0])
	w := httptest.NewRecorder()
	x.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		t.Errorf("eval with the PIN's cookie = %d %s, want 200", w.Code, w.Body)
	}
}

// consoleRequest posts body to the console path with token.
func consoleRequest(t *testing.T, x *Inspection, path, token, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, InspectPrefix+path, strings.NewReader(body))
	req.Header.Set(TokenHeader, token)
	w := httptest.NewRecorder()
	x.ServeHTTP(w, req)
	return w
}
