// Package browsertest runs tests in a real browser: headless Chromium
// driven through chromedp.
//
// A test calls [New] for a browser context and runs chromedp actions with
// it. When Chromium is not installed the test is skipped, unless the CI
// environment variable is set: then it fails, so a CI machine that lost
// its browser cannot pass by skipping.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// names are the executables looked for on PATH, in order.
var names = [...]string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Path returns the Chromium executable: $DEVSERVE_CHROMIUM if set, else
// the first of chromium, chromium-browser, google-chrome and
// google-chrome-stable found on PATH. It reports false if there is none.
func Path() (string, bool) {
	if p := os.Getenv("DEVSERVE_CHROMIUM"); p != "" {
		return p, true
	}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p, true
		}
	}
	return "", false
}

// Options configure the browser New starts. The zero value is the
// default; each field documents its own.
type Options struct {
	// Width and Height are the window size. If zero, 1280×900 is used.
	Width, Height int

	// Timeout bounds the whole test's use of the browser. If zero, 60s is
	// used.
	Timeout time.Duration
}

// New starts a headless Chromium with a fresh profile and returns a
// chromedp context for a tab in it. The browser is stopped when the test
// ends. New skips the test if Chromium is missing, or fails it when the CI
// environment variable is set.
func New(t testing.TB) context.Context {
	t.Helper()
	return NewWith(t, Options{})
}

// NewWith is New with options.
func NewWith(t testing.TB, o Options) context.Context {
	t.Helper()
	path, ok := Path()
	if !ok {
		if os.Getenv("CI") != "" {
			t.Fatal("browsertest: chromium not found on PATH, and CI is set: browser tests must run")
		}
		t.Skip("browsertest: chromium not found on PATH; set CI to make this a failure")
	}
	w, h := o.Width, o.Height
	if w == 0 || h == 0 {
		w, h = 1280, 900
	}
	timeout := o.Timeout
	if timeout == 0 {
		timeout = 60 * time.Second
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(w, h),
	}
	ctx, cancelTimeout := context.WithTimeout(context.Background(), timeout)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() {
		cancelBrowser() // closes the tab and stops the browser, waiting for it
		cancelAlloc()
		cancelTimeout()
	})
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("browsertest: starting %s: %v", path, err)
	}
	return bctx
}

// Screenshot captures the whole page of ctx as PNG into a file called
// name in dir, returns its path and logs it. If dir is empty, the
// directory named by $DEVSERVE_SCREENSHOTS is used, else a temporary
// directory of the test.
func Screenshot(t testing.TB, ctx context.Context, dir, name string) string {
	t.Helper()
	if dir == "" {
		dir = os.Getenv("DEVSERVE_SCREENSHOTS")
	}
	if dir == "" {
		dir = t.TempDir()
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("browsertest: screenshot: %v", err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	t.Logf("screenshot: %s", path)
	return path
}

// ColorScheme returns an action that makes the tab's pages see
// prefers-color-scheme as scheme ("light" or "dark"); "" ends the
// emulation.
func ColorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		var features []*emulation.MediaFeature
		if scheme != "" {
			features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}
		}
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: features})
		return err
	})
}
