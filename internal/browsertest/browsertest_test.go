package browsertest_test

import (
	"fmt"
	"net"
	"net/http"
	"runtime"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/devserve/devserve/internal/browsertest"
)

// TestNew opens a page served on a loopback listener and reads back what
// its script wrote, and the colour scheme the tab was told to prefer.
func TestNew(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>t</title><p id="p"></p><script>document.getElementById("p").textContent = "from script"</script>`)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate("http://"+ln.Addr().String()+"/"), browsertest.ColorScheme("dark")); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text("#p"))
	if err != nil {
		t.Fatal(err)
	}
	if text != "from script" {
		t.Errorf("Text(#p) = %q, want %q", text, "from script")
	}
	dark, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`matchMedia("(prefers-color-scheme: dark)").matches`))
	if err != nil {
		t.Fatal(err)
	}
	if !dark {
		t.Errorf("after ColorScheme(dark), prefers-color-scheme: dark matches = false, want true")
	}
}

// recorder is a testing.TB that records Fatal and Skip and stops the
// goroutine as they do.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Fatal(args ...any)         { r.fatal = fmt.Sprint(args...); runtime.Goexit() }
func (r *recorder) Fatalf(f string, a ...any) { r.fatal = fmt.Sprintf(f, a...); runtime.Goexit() }
func (r *recorder) Skip(args ...any)          { r.skip = fmt.Sprint(args...); runtime.Goexit() }

// TestMissingChromium checks that a missing browser skips the test, or
// fails it when CI is set.
func TestMissingChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("DEVSERVE_CHROMIUM", "")
	for _, ci := range []string{"", "true"} {
		t.Setenv("CI", ci)
		r := &recorder{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			browsertest.New(r)
		}()
		<-done
		failed, skipped := r.fatal != "", r.skip != ""
		if failed != (ci != "") || skipped != (ci == "") {
			t.Errorf("New without chromium, CI=%q: failed %v (%q), skipped %v (%q); want failed only under CI", ci, failed, r.fatal, skipped, r.skip)
		}
	}
}
