package debugpage_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestMarkdown asks for a panic's report as Markdown, as an issue would
// want it: the title as a heading, the failing app frame with its source
// in a go fence and its line marked, the library frames summed up, the
// request with its telling headers, the Go version, and the traceback
// folded away.
func TestMarkdown(t *testing.T) {
	srv, _ := serve(t, panicIndex)
	req, _ := http.NewRequest("GET", srv.URL+"/md?q=1", nil)
	req.Header.Set("Accept", "text/markdown")
	req.Header.Set("User-Agent", "issue-test/1")
	req.Header.Set("X-Other", "not shown")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	if _, err := io.Copy(&b, resp.Body); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 500 || ct != "text/markdown; charset=utf-8" {
		t.Fatalf("GET with Accept: text/markdown = %d %q, want 500 text/markdown", resp.StatusCode, ct)
	}
	want := []string{
		`(?m)\A### panic: runtime error: index out of range \[5\] with length 3\n`,
		"(?m)^`[^`]*panicIndex` at `[^`]*handler_test.go:\\d+`$",
		"(?m)^```go\n(.*\n)*\t_ = xs\\[i\\] // ← line \\d+\n(.*\n)*```$",
		"(?m)^Library frames: \\d+ \\(`net/http` × \\d+\\)\\.$",
		"(?m)^Request: `GET http://127.0.0.1:\\d+/md\\?q=1` HTTP/1.1 from `127.0.0.1:\\d+`$",
		"(?m)^- User-Agent: `issue-test/1`$",
		"(?m)^Go: `go1[^`]*` on `[a-z0-9]+/[a-z0-9]+`$",
		"(?m)^<details><summary>Traceback</summary>\n\n```text\npanic: runtime error",
	}
	for _, w := range want {
		if !regexp.MustCompile(w).MatchString(md) {
			t.Errorf("Markdown does not match %s:\n%s", w, md)
		}
	}
	if strings.Contains(md, "X-Other") {
		t.Errorf("Markdown shows the header X-Other, want only the telling ones:\n%s", md)
	}
}
