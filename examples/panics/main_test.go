package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/devserve/devserve/debugpage"
)

// TestRoutes requests every route of the app, as curl would, and checks
// the traceback's first line and its panicking frame.
func TestRoutes(t *testing.T) {
	srv := httptest.NewServer(debugpage.Handler(routes()))
	t.Cleanup(srv.Close)
	tests := []struct {
		method, path string
		form         url.Values
		title        string
		frame        string
	}{
		{"GET", "/index", nil, "panic: runtime error: index out of range [3] with length 3", ".routes.func1(...)\n\t"},
		{"GET", "/nil", nil, "panic: runtime error: invalid memory address or nil pointer dereference", ".(*Store).User(...)\n\t"},
		{"GET", "/error?id=7", nil, "panic: load user 7: not found", ".routes.func3(...)\n\t"},
		{"GET", "/value", nil, "panic: (main.Order) {ID:42 Items:[tea scones] Total:12.5}", ".routes.func4(...)\n\t"},
		{"GET", "/template", nil, `panic: template: page:1:12: executing "page" at <price .>: error calling price: runtime error: invalid memory address or nil pointer dereference`, ".routes.func5(...)\n\t"},
		{"POST", "/form", url.Values{"user": {"ann"}, "password": {"hunter2"}}, "panic: cannot sign in ann", "  password: •••••• (masked)\n"},
		{"GET", "/goroutine", nil, "panic: waiting for worker: worker failed", ".routes.func8(...)\n\t"},
	}
	for _, tt := range tests {
		req, err := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		if tt.form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(string(b), "\n")
		if resp.StatusCode != 500 || first != tt.title || !strings.Contains(string(b), tt.frame) {
			t.Errorf("%s %s = %d %q, want 500 %q with %q:\n%s", tt.method, tt.path, resp.StatusCode, first, tt.title, tt.frame, b)
		}
	}
}

// TestLate checks that the route that panics after writing gives a
// truncated response, not a page.
func TestLate(t *testing.T) {
	srv := httptest.NewServer(debugpage.Handler(routes()))
	t.Cleanup(srv.Close)
	resp, err := http.Get(srv.URL + "/late")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if b, err := io.ReadAll(resp.Body); err == nil || strings.Contains(string(b), "goroutine") {
		t.Errorf("GET /late read %d bytes, error %v; want a truncated body and an error", len(b), err)
	}
}
