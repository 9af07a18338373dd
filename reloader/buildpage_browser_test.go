package reloader

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/internal/browsertest"
)

// TestBuildPageBrowser builds the crowded fixture through the engine and
// opens its build-error page in headless Chromium: every error is marked,
// a long line scrolls sideways within its snippet while its line numbers
// stay in view and the page itself does not, in the light and dark themes,
// each saved as a screenshot.
func TestBuildPageBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module, drives a browser")
	}
	ctx := browsertest.New(t)
	er := startEngine(t, &Engine{Dir: copyTree(t, "testdata/builderrors/crowded")})
	rep := er.next(BuildFailed).Err.Report()
	var rd debugpage.Renderer
	mux := http.NewServeMux()
	mux.Handle(debugpage.AssetPrefix, debugpage.Assets())
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		rd.Write(w, r, http.StatusInternalServerError, rep)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	check := func(js string, want any) {
		t.Helper()
		got, err := chromedp.Run(ctx, chromedp.Evaluate[any](js))
		if err != nil {
			t.Fatalf("evaluating %s: %v", js, err)
		}
		if got != want {
			t.Errorf("%s = %v, want %v", js, got, want)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL), chromedp.WaitVisible(chromedp.CSS("details.frame"))); err != nil {
		t.Fatal(err)
	}
	check(`document.querySelector("h1").textContent`, "build failed (15 errors)")
	check(`document.querySelectorAll("tr.mark").length`, float64(15))

	// The snippet of the long line, scrolled to its end.
	const long = `[...document.querySelectorAll("details.frame .snippet")].find(s => s.textContent.includes("<form method="))`
	for _, scheme := range []string{"light", "dark"} {
		if err := chromedp.Do(ctx, browsertest.ColorScheme(scheme)); err != nil {
			t.Fatal(err)
		}
		check(long+`.scrollWidth > `+long+`.clientWidth`, true)
		check(`getComputedStyle(`+long+`).overflowX`, "auto")
		check(`document.documentElement.scrollWidth <= document.documentElement.clientWidth`, true)
		browsertest.Screenshot(t, ctx, "", "build-errors-"+scheme+".png")
		check(`(s => { s.scrollLeft = s.scrollWidth; return s.scrollLeft > 0 })(`+long+`)`, true)
		check(`(s => Math.abs(s.querySelector("td.ln").getBoundingClientRect().left - s.getBoundingClientRect().left) < 1)(`+long+`)`, true)
		check(`(s => { const c = s.querySelector("tr.cur td.ln"); return getComputedStyle(c).backgroundColor === getComputedStyle(c.parentElement).backgroundColor })(`+long+`)`, true)
		browsertest.Screenshot(t, ctx, "", "build-errors-"+scheme+"-scrolled.png")
		check(long+`.scrollLeft = 0`, float64(0))
	}
}
