package proxy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/devserve/devserve/internal/browsertest"
	"github.com/devserve/devserve/reloader"
)

// TestFixBrowser opens a build failure that go get fixes in headless
// Chromium, presses the fix's button, and checks that the fix ran: the
// page that comes back says so and go.mod requires the module. With
// DEVSERVE_SCREENSHOTS set, it keeps the two pages in light and dark.
func TestFixBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "")
	browser := browsertest.New(t)
	root := fixModule(t)
	out, _ := exec.Command("go", "-C", root, "build", "-o", os.DevNull, ".").CombinedOutput()
	p := &Proxy{Root: root, Token: "page-token"}
	url := newProxy(t, p)
	t.Cleanup(func() { _ = chromedp.Cancel(browser) })
	p.Handle(reloader.Event{Kind: reloader.Building})
	p.Handle(reloader.Event{Kind: reloader.BuildFailed, Err: &reloader.BuildError{Package: ".", Output: string(out), Root: root}})

	if err := chromedp.Do(browser, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(".fix button.apply"))); err != nil {
		t.Fatal(err)
	}
	shots := func(name string) {
		for _, scheme := range []string{"light", "dark"} {
			if err := chromedp.Do(browser, browsertest.ColorScheme(scheme)); err != nil {
				t.Fatal(err)
			}
			browsertest.Screenshot(t, browser, "", name+"-"+scheme+".png")
		}
	}
	shots("fix-offered")
	if err := chromedp.Do(browser, chromedp.Click(chromedp.CSS(".fix button.apply"))); err != nil {
		t.Fatal(err)
	}
	pageText(t, browser, "applied: go get example.com/lib")
	shots("fix-applied")
	if mod, _ := os.ReadFile(filepath.Join(root, "go.mod")); !strings.Contains(string(mod), "require example.com/lib") {
		t.Errorf("go.mod after pressing the fix:\n%s\nwant it to require example.com/lib", mod)
	}
}
