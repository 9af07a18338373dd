package browsertest_test

import (
	"fmt"
	"net"
	"net/http"
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
