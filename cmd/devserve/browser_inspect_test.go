//go:build linux

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/devserve/devserve/internal/browsertest"
)

// TestBrowserConsole opens the page of a panic on a nil local in headless
// Chromium: the page shows the frame's variables with the nil one marked,
// and an expression typed into the console is answered below it.
func TestBrowserConsole(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs an app, drives a browser")
	}
	browser := browsertest.New(t)
	t.Chdir(shopModule(t))
	url := startDevserve(t, "--inspect-timeout", "20s")
	if err := chromedp.Do(browser, chromedp.Navigate(url+"checkout?code=NONE")); err != nil {
		t.Fatal(err)
	}
	awaitText(t, browser, "nil pointer dereference")
	if got := evaluate[string](t, browser, `document.querySelector(".vars > ul.varlist > li.var.nil .vname").textContent`); got != "d" {
		t.Errorf("the variable marked nil is %q, want d", got)
	}
	err := chromedp.Do(browser,
		chromedp.WaitVisible(chromedp.CSS(`form.console input`)),
		chromedp.SendKeys(chromedp.CSS(`form.console input`), "len(items) + 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := awaitEval(t, browser, `(document.querySelector("ol.history li .vval, ol.history li .error") || {}).textContent || ""`)
	browsertest.Screenshot(t, browser, "", "console.png")
	if got != "4" {
		t.Errorf("the console answered len(items) + 1 with %q, want 4", got)
	}
}

// awaitEval evaluates expr in the page until it is not empty, and
// returns it.
func awaitEval(t *testing.T, browser context.Context, expr string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if v := evaluate[string](t, browser, expr); v != "" {
			return v
		}
		time.Sleep(100 * time.Millisecond) // the page's fetch gives the test no signal
	}
	t.Fatalf("%s stayed empty", expr)
	return ""
}

// shopModule writes the sample app of the inspection tests, which uses
// this module's debugpage, to a new directory, and returns it.
func shopModule(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("testdata", "shop", "main.go.txt"))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	mod := "module example.com/shop\n\ngo 1.26\n\nrequire github.com/devserve/devserve v0.0.0\n\nreplace github.com/devserve/devserve => " + root + "\n"
	for name, data := range map[string][]byte{"go.mod": []byte(mod), "go.sum": sum, "main.go": src} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	tidy := exec.Command("go", "mod", "tidy")
	tidy.Dir, tidy.Env = dir, append(os.Environ(), "GOFLAGS=-mod=mod", "GOSUMDB=off", "GOPROXY=off")
	if out, err := tidy.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	return dir
}
