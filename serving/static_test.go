package serving

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// staticTree makes a directory tree with a secret file next to the static
// directory, and returns the tree's root.
func staticTree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"go.mod":                   "module secret",
		"static/app.css":           "body{}",
		"static/sub/index.html":    "<h1>sub</h1>",
		"static/empty/readme.txt":  "in empty",
		"other/logo.txt":           "logo",
		"static/.well-known/x.txt": "dot dir",
		"static/.hidden":           "dot file",
	}
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// appHandler answers everything the static files do not serve.
var appHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "app: "+r.URL.Path, http.StatusNotFound)
})

func TestStaticFiles(t *testing.T) {
	root := staticTree(t)
	s := startServer(t, "127.0.0.1:0", appHandler,
		WithStatic("/static", filepath.Join(root, "static")),
		WithStaticListing("/other/", filepath.Join(root, "other")))
	addr := s.addr.String()
	tests := []struct {
		method, target string
		wantStatus     int
		wantBody       string // substring
	}{
		{"GET", "/static/app.css", 200, "body{}"},
		{"HEAD", "/static/app.css", 200, ""},
		{"POST", "/static/app.css", 404, "app: /static/app.css"},
		{"GET", "/static/missing.css", 404, "app: /static/missing.css"},
		{"GET", "/static/sub/", 200, "<h1>sub</h1>"},
		{"GET", "/static/sub", 301, ""},
		{"GET", "/static/sub/index.html", 301, ""},
		{"GET", "/static/empty/", 404, "app: /static/empty/"}, // no listing
		{"GET", "/static/empty/readme.txt", 200, "in empty"},
		{"GET", "/static/./app.css", 200, "body{}"},
		{"GET", "/static//app.css", 200, "body{}"},
		{"GET", "/other/", 200, "logo.txt"}, // listing
		{"GET", "/other/logo.txt", 200, "logo"},
		{"GET", "/staticx/app.css", 404, "app:"},
		{"GET", "/static/.hidden", 200, "dot file"},
		{"GET", "/static/.well-known/x.txt", 200, "dot dir"},
	}
	for _, tt := range tests {
		resp, body := rawGet(t, addr, tt.method, tt.target)
		if resp.StatusCode != tt.wantStatus || !strings.Contains(body, tt.wantBody) {
			t.Errorf("%s %s = %d %q, want %d with %q", tt.method, tt.target, resp.StatusCode, body, tt.wantStatus, tt.wantBody)
		}
	}
	resp, _ := rawGet(t, addr, "GET", "/static/sub")
	if got := resp.Header.Get("Location"); got != "/static/sub/" {
		t.Errorf("GET /static/sub: Location = %q, want %q", got, "/static/sub/")
	}
}

func TestStaticTraversal(t *testing.T) {
	root := staticTree(t)
	if err := os.Symlink(filepath.Join(root, "go.mod"), filepath.Join(root, "static", "link.mod")); err != nil {
		t.Logf("no symbolic links here: %v", err)
	}
	s := startServer(t, "127.0.0.1:0", appHandler, WithStatic("/static/", filepath.Join(root, "static")))
	for _, target := range []string{
		"/static/../go.mod",
		"/static/%2e%2e/go.mod",
		"/static/%2E%2E/go.mod",
		"/static/..%2fgo.mod",
		"/static/..%2Fgo.mod",
		"/static/%2e%2e%2fgo.mod",
		"/static/..%5cgo.mod",
		"/static/..\\go.mod",
		"/static/%252e%252e/go.mod",
		"/static/sub/../../go.mod",
		"/static/%2e%2e%2f%2e%2e%2fgo.mod",
		"/static/....//go.mod",
		"/static/link.mod",
		"/static/%00../go.mod",
	} {
		resp, body := rawGet(t, s.addr.String(), "GET", target)
		if strings.Contains(body, "module secret") {
			t.Errorf("GET %s = %d %q, want the file outside the static directory kept out", target, resp.StatusCode, body)
		}
		if resp.StatusCode == 200 {
			t.Errorf("GET %s = 200, want no file served", target)
		}
	}
}

func TestStaticConditional(t *testing.T) {
	root := staticTree(t)
	s := startServer(t, "127.0.0.1:0", appHandler, WithStatic("/static/", filepath.Join(root, "static")))
	addr := s.addr.String()
	resp, _ := rawGet(t, addr, "GET", "/static/app.css")
	etag, lastMod := resp.Header.Get("Etag"), resp.Header.Get("Last-Modified")
	if etag == "" || lastMod == "" {
		t.Fatalf("GET /static/app.css: Etag %q, Last-Modified %q, want both", etag, lastMod)
	}
	tests := []struct {
		header string
		want   int
	}{
		{"If-None-Match: " + etag, 304},
		{`If-None-Match: "other"`, 200},
		{"If-Modified-Since: " + lastMod, 304},
		{"If-Modified-Since: Mon, 02 Jan 2006 15:04:05 GMT", 200},
	}
	for _, tt := range tests {
		if resp, _ := rawGet(t, addr, "GET", "/static/app.css", tt.header); resp.StatusCode != tt.want {
			t.Errorf("GET /static/app.css with %q = %d, want %d", tt.header, resp.StatusCode, tt.want)
		}
	}
	if resp, _ := rawGet(t, addr, "GET", "/static/sub/"); resp.Header.Get("Etag") == "" {
		t.Errorf("GET /static/sub/: no Etag, want the index file's")
	}
}

func TestCleanPrefix(t *testing.T) {
	tests := []struct{ in, want string }{
		{"static", "/static/"},
		{"/static", "/static/"},
		{"/static/", "/static/"},
		{"/a//b/../c", "/a/c/"},
		{"", "/"},
		{"/", "/"},
	}
	for _, tt := range tests {
		if got := cleanPrefix(tt.in); got != tt.want {
			t.Errorf("cleanPrefix(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStaticRootMount(t *testing.T) {
	root := staticTree(t)
	s := startServer(t, "127.0.0.1:0", appHandler, WithStatic("/", filepath.Join(root, "static")))
	for _, tt := range []struct {
		target string
		want   string
	}{
		{"/app.css", "body{}"},
		{"/nothing", "app: /nothing"},
		{"/../go.mod", "app: /../go.mod"},
	} {
		if _, body := rawGet(t, s.addr.String(), "GET", tt.target); !strings.Contains(body, tt.want) {
			t.Errorf("GET %s with / mounted = %q, want %q", tt.target, body, tt.want)
		}
	}
}
