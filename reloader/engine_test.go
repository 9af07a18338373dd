package reloader

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devserve/devserve/debugpage"
)

// TestEngineEndToEnd drives a real app through an edit, a failed build, a
// fix, a handler panic and a crash, then checks that no process is left.
func TestEngineEndToEnd(t *testing.T) {
	dir := copyTree(t, "testdata/app")
	er := startEngine(t, &Engine{Dir: dir})
	msg := filepath.Join(dir, "msg", "msg.go")

	if w := er.next(Watching); w.Mode != "fsnotify" || w.Files == 0 {
		t.Errorf("Watching = mode %q, %d files, want fsnotify and some files", w.Mode, w.Files)
	}
	addr := er.next(Ready).Addr
	if got := fetch(t, "http://"+addr+"/"); got != "v1" {
		t.Errorf("GET / = %q, want v1", got)
	}

	writeFile(t, msg, strings.Replace(readFile(t, msg), `"v1"`, `"v2"`, 1))
	b := er.next(Building)
	if want := []string{filepath.Join("msg", "msg.go")}; strings.Join(b.Changed, ",") != strings.Join(want, ",") {
		t.Errorf("Building.Changed = %q, want %q", b.Changed, want)
	}
	er.next(Built)
	er.next(Stopped)
	addr = er.next(Ready).Addr
	if got := fetch(t, "http://"+addr+"/"); got != "v2" {
		t.Errorf("after the edit, GET / = %q, want v2", got)
	}

	writeFile(t, msg, "package msg\n\nfunc Text() string { return undefinedName }\n")
	failed := er.next(BuildFailed)
	if len(failed.Err.Errors) != 1 || failed.Err.Errors[0].File != msg || failed.Err.Errors[0].Line != 3 {
		t.Errorf("BuildFailed.Err.Errors = %+v, want one error at %s:3", failed.Err.Errors, msg)
	}
	if _, err := http.Get("http://" + addr + "/"); err == nil {
		t.Errorf("after a failed build, the old app still answers on %s", addr)
	}

	writeFile(t, msg, "package msg\n\nfunc Text() string { return \"v3\" }\n")
	addr = er.next(Ready).Addr
	if got := fetch(t, "http://"+addr+"/"); got != "v3" {
		t.Errorf("after the fix, GET / = %q, want v3", got)
	}

	// The panic's Remote is the client's end of the connection, which is
	// how a proxy finds the request that caused it.
	var local string
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			if err == nil {
				local = conn.LocalAddr().String()
			}
			return conn, err
		},
	}}
	if resp, err := client.Get("http://" + addr + "/panic"); err == nil {
		resp.Body.Close()
	}
	p := er.next(HandlerPanic)
	if p.Remote != local || p.Report == nil || !strings.Contains(p.Report.Title, "handler panic v3") {
		t.Errorf("HandlerPanic = remote %q, report %+v, want remote %q and a title with the panic value", p.Remote, p.Report, local)
	}

	if resp, err := http.Get("http://" + addr + "/crash"); err == nil {
		resp.Body.Close()
	}
	c := er.next(Crashed)
	if c.ExitStatus != "exit status 2" || c.Report == nil || c.Report.Kind != debugpage.KindCrash ||
		!strings.Contains(c.Report.Title, "crash v3") {
		t.Errorf("Crashed = status %q, report %+v, want exit status 2 and a crash titled with the panic", c.ExitStatus, c.Report)
	}

	er.stop()
	for _, pid := range er.pids {
		awaitGone(t, pid, "after Run returned")
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
