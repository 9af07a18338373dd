package proxy

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/reloader"
)

func TestFixesFor(t *testing.T) {
	goGet := "main.go:3:8: no required module provides package example.com/lib; to add it:\n\tgo get example.com/lib\n"
	replaced := "main.go:3:8: module example.com/lib provides package example.com/lib and is replaced but not required; to add it:\n\tgo get example.com/lib\n"
	goSum := "main.go:3:8: missing go.sum entry for module providing package github.com/x/y (imported by example.com/app); to add:\n\tgo get example.com/app\n"
	tests := []struct {
		name    string
		rep     *debugpage.Report
		root    bool
		actions []string // the fixes' actions, "" for advice only
	}{
		{"go.sum entry", &debugpage.Report{Kind: debugpage.KindBuild, Output: goSum}, true, []string{fixPrefix + "tidy"}},
		{"no module provides", &debugpage.Report{Kind: debugpage.KindBuild, Output: goGet}, true, []string{fixPrefix + "get?pkg=example.com%2Flib"}},
		{"replaced, not required", &debugpage.Report{Kind: debugpage.KindBuild, Output: replaced + replaced}, true, []string{fixPrefix + "get?pkg=example.com%2Flib"}},
		{"no module root: advice", &debugpage.Report{Kind: debugpage.KindBuild, Output: goGet}, false, []string{""}},
		{"concurrent map writes", &debugpage.Report{Kind: debugpage.KindCrash, Title: "fatal error: concurrent map writes"}, true, []string{fixPrefix + "race"}},
		{"not listening", &debugpage.Report{Kind: debugpage.KindNotListening}, true, []string{""}},
		{"a plain compile error", &debugpage.Report{Kind: debugpage.KindBuild, Output: "main.go:1:1: undefined: x\n"}, true, nil},
		{"a handler panic", &debugpage.Report{Kind: debugpage.KindPanic, Title: "panic: boom"}, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Proxy{OnRebuild: func(...string) {}}
			if tt.root {
				p.Root = t.TempDir()
			}
			var got []string
			for _, f := range p.fixesFor(tt.rep) {
				got = append(got, f.Action)
			}
			if !slices.Equal(got, tt.actions) {
				t.Errorf("fixesFor(%s) actions = %q, want %q", tt.name, got, tt.actions)
			}
		})
	}
}

// fixModule writes a module whose main package imports a module it
// replaces with a directory but does not require: go get fixes it,
// offline.
func fixModule(t *testing.T) string {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/app\n\ngo 1.22\n\nreplace example.com/lib => ./lib\n")
	writeFile(t, filepath.Join(dir, "main.go"), "package main\n\nimport \"example.com/lib\"\n\nfunc main() { println(lib.Hi()) }\n")
	writeFile(t, filepath.Join(dir, "lib", "go.mod"), "module example.com/lib\n\ngo 1.22\n")
	writeFile(t, filepath.Join(dir, "lib", "lib.go"), "package lib\n\nfunc Hi() string { return \"hi\" }\n")
	return dir
}

// TestServeFix posts to the action of a build failure's fix: only with the
// page's token, from the page's own origin, a trusted client and POST; then
// go get runs in the module root and go.mod requires the module.
func TestServeFix(t *testing.T) {
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "")
	root := fixModule(t)
	out, err := exec.Command("go", "-C", root, "build", "-o", os.DevNull, ".").CombinedOutput()
	if err == nil {
		t.Fatal("the fixture builds; want the error go get fixes")
	}
	p := &Proxy{Root: root, Token: "page-token"}
	p.Handle(reloader.Event{Kind: reloader.Building})
	p.Handle(reloader.Event{Kind: reloader.BuildFailed, Err: &reloader.BuildError{Package: ".", Output: string(out)}})

	page := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "http://localhost/", nil)
	req.RemoteAddr = "127.0.0.1:5000"
	req.Header.Set("Accept", "text/html")
	p.ServeHTTP(page, req)
	action := fixPrefix + "get?pkg=example.com%2Flib"
	if body := page.Body.String(); !strings.Contains(body, `action="`+strings.ReplaceAll(action, "&", "&amp;")+`"`) ||
		!strings.Contains(body, `name="token" value="page-token"`) {
		t.Fatalf("build-error page has no fix button posting the token to %s:\n%.2000s", action, body)
	}

	post := func(method, path, remote, token, origin string) *httptest.ResponseRecorder {
		form := url.Values{"token": {token}}.Encode()
		r := httptest.NewRequest(method, "http://localhost"+path, strings.NewReader(form))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Accept", "text/plain")
		r.RemoteAddr = remote
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		w := httptest.NewRecorder()
		p.ServeHTTP(w, r)
		return w
	}
	refused := []struct {
		name                                string
		method, path, remote, token, origin string
		status                              int
	}{
		{"GET", "GET", action, "127.0.0.1:5000", "page-token", "", http.StatusMethodNotAllowed},
		{"no token", "POST", action, "127.0.0.1:5000", "", "", http.StatusForbidden},
		{"wrong token", "POST", action, "127.0.0.1:5000", "guess", "", http.StatusForbidden},
		{"foreign origin", "POST", action, "127.0.0.1:5000", "page-token", "http://evil.example", http.StatusForbidden},
		{"untrusted client", "POST", action, "192.0.2.7:5000", "page-token", "", http.StatusForbidden},
		{"a fix the page does not offer", "POST", fixPrefix + "get?pkg=example.com%2Fother", "127.0.0.1:5000", "page-token", "", http.StatusConflict},
	}
	for _, tt := range refused {
		if w := post(tt.method, tt.path, tt.remote, tt.token, tt.origin); w.Code != tt.status {
			t.Errorf("%s: %s %s = %d %q, want %d", tt.name, tt.method, tt.path, w.Code, w.Body.String(), tt.status)
		}
	}
	if mod, _ := os.ReadFile(filepath.Join(root, "go.mod")); strings.Contains(string(mod), "require") {
		t.Fatalf("go.mod changed by a refused request:\n%s", mod)
	}
	w := post("POST", action, "127.0.0.1:5000", "page-token", "http://localhost")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "applied: go get example.com/lib") {
		t.Errorf("POST %s = %d %q, want 200 saying it applied go get", action, w.Code, w.Body.String())
	}
	if mod, _ := os.ReadFile(filepath.Join(root, "go.mod")); !strings.Contains(string(mod), "require example.com/lib") {
		t.Errorf("go.mod after the fix:\n%s\nwant it to require example.com/lib", mod)
	}
}

// TestServeFixRace checks that the fix for concurrent map writes rebuilds
// with -race.
func TestServeFixRace(t *testing.T) {
	var flags []string
	p := &Proxy{Token: "tok", OnRebuild: func(f ...string) { flags = f }}
	p.Handle(reloader.Event{Kind: reloader.Crashed, Report: &debugpage.Report{Kind: debugpage.KindCrash, Title: "fatal error: concurrent map writes"}})
	r := httptest.NewRequest("POST", "http://localhost"+fixPrefix+"race", strings.NewReader("token=tok"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.RemoteAddr = "127.0.0.1:5000"
	w := httptest.NewRecorder()
	p.ServeHTTP(w, r)
	if w.Code != http.StatusOK || !slices.Equal(flags, []string{"-race"}) {
		t.Errorf("POST race fix = %d, OnRebuild(%q); want 200 and OnRebuild(-race)", w.Code, flags)
	}
}
