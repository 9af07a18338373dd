package debugpage_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/internal/browsertest"
)

// TestBrowser opens a panic's page in headless Chromium, expands a frame
// and its whole function, shows the library frames, moves with j and k,
// copies the report as text and as Markdown, and saves screenshots in the
// light and dark themes.
func TestBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	srv, _ := serve(t, panicIndex)

	eval := func(js string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js))
		if err != nil {
			t.Fatalf("evaluating %s: %v", js, err)
		}
		return v
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	check := func(js string, want any) {
		t.Helper()
		if got := eval(js); got != want {
			t.Errorf("%s = %v, want %v", js, got, want)
		}
	}

	do("opening the page", chromedp.Navigate(srv.URL+"/browser?page=1"), chromedp.WaitVisible(chromedp.CSS("nav.tools button")))
	check(`document.querySelector("h1").textContent.startsWith("panic: runtime error: index out of range")`, true)
	check(`document.querySelector("details.frame").open && document.querySelector("details.frame tr.cur td.code").textContent.trim()`, "_ = xs[i]")
	check(`getComputedStyle(document.querySelector("details.frame tr.cur")).backgroundColor !== "rgba(0, 0, 0, 0)"`, true)
	check(`document.querySelector("details.frame tr.cur td.code span[class]") !== null`, true)
	browsertest.Screenshot(t, ctx, "", "debugpage-light.png")

	// o with no frame chosen acts on the first: closes it, as it is
	// open, then opens it again; the key hint says so.
	check(`document.querySelector("nav.tools .hint").hidden`, false)
	check(`document.querySelector("nav.tools .hint").textContent.includes("o opens or closes")`, true)
	do("pressing o", chromedp.KeyEvent("o"))
	check(`document.querySelector("details.frame").classList.contains("current") && !document.querySelector("details.frame").open`, true)
	do("pressing o again", chromedp.KeyEvent("o"))
	check(`document.querySelector("details.frame").open`, true)

	// j and k move between the visible frames: only the first, while the
	// library frames are hidden.
	do("pressing j j", chromedp.KeyEvent("j"), chromedp.KeyEvent("j"))
	check(`[...document.querySelectorAll("details.frame")].indexOf(document.querySelector("details.frame.current"))`, float64(0))

	// The whole function, hidden until asked for.
	check(`document.querySelector("details.frame tr.ext").offsetHeight`, float64(0))
	do("expanding the whole function", chromedp.Click(chromedp.CSS("details.frame label.whole input")))
	check(`document.querySelector("details.frame tr.ext").offsetHeight > 0`, true)

	// Library frames: collapsed, then shown by the toggle.
	check(`[...document.querySelectorAll("details.lib")].some(d => d.open)`, false)
	do("showing library frames", chromedp.Click(chromedp.CSS(`button[data-action="toggle-lib"]`)))
	check(`[...document.querySelectorAll("main > section.stack details.lib")].every(d => d.open)`, true)
	check(`document.querySelector('button[data-action="toggle-lib"]').textContent.startsWith("Hide")`, true)
	do("pressing j j k", chromedp.KeyEvent("j"), chromedp.KeyEvent("j"), chromedp.KeyEvent("k"))
	check(`[...document.querySelectorAll("details.frame")].indexOf(document.querySelector("details.frame.current"))`, float64(1))

	// A click on a collapsed frame expands it and shows its source.
	check(`document.querySelector("details.lib details.frame").open`, false)
	do("expanding a library frame", chromedp.Click(chromedp.CSS("details.lib details.frame > summary .fn")))
	check(`document.querySelector("details.lib details.frame").open`, true)
	check(`document.querySelector("details.lib details.frame table.src").offsetHeight > 0`, true)

	// Copy as text and as Markdown, into a clipboard that records.
	eval(`window.copied = []; navigator.clipboard.writeText = t => { window.copied.push(t); return Promise.resolve(); }; true`)
	do("copying", chromedp.Click(chromedp.CSS(`button[data-action="copy-text"]`)), chromedp.Click(chromedp.CSS(`button[data-action="copy-markdown"]`)))
	do("waiting for the copies", chromedp.WaitVisible(chromedp.CSS(`body[data-copied="copy-markdown"]`)))
	text, _ := eval(`window.copied[0]`).(string)
	md, _ := eval(`window.copied[1]`).(string)
	if !strings.HasPrefix(text, "panic: runtime error: index out of range") || !strings.Contains(text, "\ngoroutine ") || !strings.Contains(text, "handler_test.go:") {
		t.Errorf("copied text = %.300q, want the traceback", text)
	}
	if !strings.HasPrefix(md, "### panic: runtime error") || !strings.Contains(md, "```text\npanic: ") {
		t.Errorf("copied Markdown = %.300q, want a heading and a fenced traceback", md)
	}
	check(`document.querySelector("nav.tools .status").textContent`, "Copied as Markdown.")

	do("switching to dark", browsertest.ColorScheme("dark"))
	check(`getComputedStyle(document.body).backgroundColor`, "rgb(13, 17, 23)")
	browsertest.Screenshot(t, ctx, "", "debugpage-dark.png")

	// A page without frames has no key hint for them.
	bare := httptest.NewServer(frameless())
	t.Cleanup(bare.Close)
	do("opening a page without frames", chromedp.Navigate(bare.URL+"/"), chromedp.WaitVisible(chromedp.CSS("nav.tools button")))
	check(`document.querySelectorAll("details.frame").length === 0 && document.querySelector("nav.tools .hint").hidden`, true)
}

// frameless serves a crashed process's page that has its output but no
// stack, with the page's assets.
func frameless() http.Handler {
	var rd debugpage.Renderer
	rep := &debugpage.Report{Kind: debugpage.KindCrash, Title: "exit status 3", ExitStatus: "exit status 3", Output: "bye\n"}
	mux := http.NewServeMux()
	mux.Handle(debugpage.AssetPrefix, debugpage.Assets())
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		rd.Write(w, r, http.StatusInternalServerError, rep)
	})
	return mux
}
