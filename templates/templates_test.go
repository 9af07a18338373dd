package templates_test

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/devserve/devserve/templates"
)

// TestRenderSourceEscapes checks that source text and classes cannot
// become markup.
func TestRenderSourceEscapes(t *testing.T) {
	src := &templates.Source{Lines: []templates.Line{
		{N: 1, Context: true, Tokens: []templates.Token{{Class: "s", Text: `"</td><script>alert(1)</script>"`}}},
		{N: 2, Current: true, Context: true, Tokens: []templates.Token{{Class: `x" onclick="alert(2)`, Text: "a < b && c"}}},
		{N: 3, Tokens: []templates.Token{{Text: "hidden until expanded"}}},
	}}
	html, err := templates.RenderSource(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script>", `" onclick="`, "a < b", "&& c"} {
		if strings.Contains(string(html), bad) {
			t.Errorf("RenderSource output contains %q:\n%s", bad, html)
		}
	}
	for _, want := range []string{`<tr class="cur"><td class="ln">2</td>`, `<tr class="ext"><td class="ln">3</td>`, "&lt;/td&gt;&lt;script&gt;"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("RenderSource output lacks %q:\n%s", want, html)
		}
	}
}

// TestStatic checks that every asset the page links to is embedded.
func TestStatic(t *testing.T) {
	var b strings.Builder
	if err := templates.WriteDebug(&b, &templates.Page{Title: "t", AssetBase: "/a/"}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"debug.css", "highlight.css", "debug.js"} {
		if !strings.Contains(b.String(), `"/a/`+name+"?v=") {
			t.Errorf("page does not link %s", name)
		}
		if _, err := fs.Stat(templates.Static(), name); err != nil {
			t.Errorf("Static() lacks %s: %v", name, err)
		}
	}
	if v := templates.Version(); len(v) != 12 || v != templates.Version() {
		t.Errorf("Version() = %q, want 12 stable hex digits", v)
	}
}

// TestCounts checks that the page's counts agree with their nouns.
func TestCounts(t *testing.T) {
	tests := []struct {
		goroutines, library int
		want                []string
	}{
		{1, 1, []string{"<h2>1 other goroutine group</h2>", ">Show 1 library frame</button>"}},
		{2, 3, []string{"<h2>2 other goroutine groups</h2>", ">Show 3 library frames</button>"}},
	}
	for _, tt := range tests {
		p := &templates.Page{Title: "t", Goroutines: make([]templates.Section, tt.goroutines), LibraryFrames: tt.library}
		var b strings.Builder
		if err := templates.WriteDebug(&b, p); err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("WriteDebug(%d goroutines, %d library frames) lacks %q", tt.goroutines, tt.library, w)
			}
		}
	}
}

// WriteDebug draws a Page; every value is escaped.
func ExampleWriteDebug() {
	var b strings.Builder
	err := templates.WriteDebug(&b, &templates.Page{
		Kind:      "panic",
		KindLabel: "Panic",
		Title:     "panic: <nil> map",
		AssetBase: "/__devserve/",
	})
	if err != nil {
		panic(err)
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(line, "<h1") {
			fmt.Println(line)
		}
	}
	// Output:
	// <h1 id="title">panic: &lt;nil&gt; map</h1>
}
