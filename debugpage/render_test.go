package debugpage

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/devserve/devserve/templates"
)

// TestNegotiate checks the choice of rendering by Accept header.
func TestNegotiate(t *testing.T) {
	tests := []struct {
		accept []string
		want   format
	}{
		{nil, formatText},
		{[]string{"*/*"}, formatText},
		{[]string{"text/plain"}, formatText},
		{[]string{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, formatHTML},
		{[]string{"application/json"}, formatJSON},
		{[]string{"application/json, text/html"}, formatHTML},
		{[]string{"application/json;q=1, text/html;q=0.5"}, formatJSON},
		{[]string{"text/html;q=0"}, formatText},
		{[]string{"application/json", "text/html;q=0.1"}, formatJSON},
		{[]string{"garbage;;;", "text/html"}, formatHTML},
		{[]string{"text/markdown"}, formatMarkdown},
		{[]string{"text/markdown, text/html"}, formatHTML},
		{[]string{"text/markdown;q=0.9, application/json;q=0.5"}, formatMarkdown},
		{[]string{"text/x-markdown"}, formatMarkdown},
	}
	for _, tt := range tests {
		if got := negotiate(tt.accept); got != tt.want {
			t.Errorf("negotiate(%q) = %d, want %d", tt.accept, got, tt.want)
		}
	}
}

// TestWriteFallsBackToText checks that a panic while drawing the page
// sends the text rendering instead. The panic is provoked by a cached
// source file whose function spans are inconsistent with its lines.
func TestWriteFallsBackToText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.go")
	src := []byte("package x\n\nfunc f() {\n\tpanic(1)\n}\n")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	var rd Renderer
	bad := newSourceFile(path, fi.ModTime(), src)
	bad.funcsOnce.Do(func() {})
	bad.funcs = []span{{0, 50}}
	rd.cache.files = map[string]*sourceFile{path: bad}

	rep := &Report{Kind: KindPanic, Title: "panic: 1", Message: "1", Sections: []Section{{
		Title: "goroutine 1 [running]", Failing: true,
		Frames: []Frame{{Function: "x.f", File: path, Line: 4, Kind: FrameApp}},
	}}}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept", "text/html")
	w := httptest.NewRecorder()
	rd.Write(w, r, http.StatusInternalServerError, rep)
	if ct := w.Header().Get("Content-Type"); w.Code != 500 || ct != "text/plain; charset=utf-8" {
		t.Errorf("Write with a failing page = %d %q, want 500 text/plain", w.Code, ct)
	}
	if want := "panic: 1\n\ngoroutine 1 [running]:\nx.f(...)\n\t" + path + ":4\n"; w.Body.String() != want {
		t.Errorf("Write with a failing page wrote %q, want %q", w.Body.String(), want)
	}
}

// buildReport is a failed build as the reloader reports one.
func buildReport(dir string) *Report {
	return &Report{
		Kind:    KindBuild,
		Title:   "build failed: example.com/app",
		Message: "undefined: userStore",
		Sections: []Section{{
			Title: "example.com/app/web",
			Frames: []Frame{
				{File: filepath.Join(dir, "web", "users.go"), RelFile: filepath.Join("web", "users.go"), Line: 4, Column: 9, Message: "undefined: userStore"},
				{File: filepath.Join(dir, "web", "users.go"), RelFile: filepath.Join("web", "users.go"), Line: 6, Column: 2, Message: `declared and not used: n`},
			},
		}},
		Output: "# example.com/app/web\nweb/users.go:4:9: undefined: userStore\nweb/users.go:6:2: declared and not used: n\n",
	}
}

// TestBuildReportGolden checks the text and JSON renderings of a build
// error, and that the page shows its two nearby errors in one snippet,
// ±3 highlighted lines around them, each error's line marked.
func TestBuildReportGolden(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "web"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := "package web\n\nfunc Users() int {\n\treturn userStore.Count()\n\tvar n int\n\tn = 1\n}\n\n// end\n"
	if err := os.WriteFile(filepath.Join(dir, "web", "users.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := buildReport("/home/gopher/app")
	var rd Renderer
	var text, js bytes.Buffer
	if err := rd.WriteText(&text, rep); err != nil {
		t.Fatal(err)
	}
	if err := rd.WriteJSON(&js, rep); err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/build.out.txt", text.Bytes())
	golden(t, "testdata/build.json", js.Bytes())

	p := rd.page(buildReport(dir))
	if len(p.Sections) != 1 || len(p.Sections[0].Groups) != 1 || len(p.Sections[0].Groups[0].Frames) != 1 {
		t.Fatalf("build page sections = %+v, want one package with one group of errors", p.Sections)
	}
	f := p.Sections[0].Groups[0].Frames[0]
	if !f.Open || f.Errors != 2 || f.Source == nil || f.Source.HasFunction {
		t.Fatalf("build errors = %+v, want open, two errors, context only", f)
	}
	var marked []int
	for _, l := range f.Source.Lines {
		for _, m := range l.Marks {
			marked = append(marked, l.N, m.Column)
		}
	}
	lines := f.Source.Lines
	if lines[0].N != 1 || lines[len(lines)-1].N != 9 || !slices.Equal(marked, []int{4, 9, 6, 2}) {
		t.Errorf("build errors show lines %d-%d, marks (line, column) %v, want 1-9 and [4 9 6 2]", lines[0].N, lines[len(lines)-1].N, marked)
	}
}

// TestPageCollapsesRecursion checks that a stack overflow's thousands of
// identical frames are drawn as one frame with a count.
func TestPageCollapsesRecursion(t *testing.T) {
	b, err := os.ReadFile("testdata/crash/overflow.txt")
	if err != nil {
		t.Fatal(err)
	}
	rep := ParseCrash(b)
	var rd Renderer
	p := rd.page(rep)
	n := 0
	for n < len(rep.Sections[0].Frames) && rep.Sections[0].Frames[n].Function == "main.recurse" {
		n++
	}
	g := p.Sections[0].Groups
	if n < 2 || len(g) == 0 || len(g[0].Frames) != 1 || g[0].Frames[0].Repeat != n {
		t.Errorf("overflow page first group = %.200v, want main.recurse once, repeated %d times", g, n)
	}
}

// TestPageMessage checks that the message under the title does not repeat
// it.
func TestPageMessage(t *testing.T) {
	tests := []struct {
		title, message, want string
	}{
		{"panic: boom", "boom", ""},
		{"panic: line one", "line one\nline two", "line two"},
		{"fatal error: stack overflow", "stack overflow\ngoroutine stack exceeds 1048576-byte limit", "goroutine stack exceeds 1048576-byte limit"},
		{"build failed: example.com/app", "undefined: x", "undefined: x"},
	}
	var rd Renderer
	for _, tt := range tests {
		if got := rd.page(&Report{Title: tt.title, Message: tt.message}).Message; got != tt.want {
			t.Errorf("page(%q, %q).Message = %q, want %q", tt.title, tt.message, got, tt.want)
		}
	}
}

// TestFirstOpenFrame checks that the first frame the page expands is the
// app's frame nearest the panic, and the top frame only when no frame is
// the app's.
func TestFirstOpenFrame(t *testing.T) {
	tests := []struct {
		crash string // a file of testdata/crash
		want  string
	}{
		{"mapwrites", "main.main.func4"},
		{"panic", "main.main"},
		{"module", "store.(*Users).Find"},
		{"http", "main.(*store).get"},
	}
	var rd Renderer
	for _, tt := range tests {
		b, err := os.ReadFile(filepath.Join("testdata", "crash", tt.crash+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		if got := firstOpen(rd.page(ParseCrash(b))); got != tt.want {
			t.Errorf("first open frame of %s = %q, want %q", tt.crash, got, tt.want)
		}
	}
	lib := &Report{Kind: KindPanic, Sections: []Section{{Frames: []Frame{
		{Function: "internal/runtime/maps.fatal", Kind: FrameRuntime},
		{Function: "net/http.HandlerFunc.ServeHTTP", Kind: FrameStdlib},
	}}}}
	if got, want := firstOpen(rd.page(lib)), "maps.fatal"; got != want {
		t.Errorf("first open frame without app frames = %q, want %q", got, want)
	}
}

// firstOpen returns the function (without its package directory) of the
// first expanded frame of p's first section, or "".
func firstOpen(p *templates.Page) string {
	for _, g := range p.Sections[0].Groups {
		for _, f := range g.Frames {
			if f.Open {
				return f.Function
			}
		}
	}
	return ""
}

// TestMarkdownStack checks which frames the Markdown shows: the app's,
// each once for a recursion, with the library's summed up by package;
// the first frame when none is the app's.
func TestMarkdownStack(t *testing.T) {
	app := func(fn string) Frame { return Frame{Function: fn, Kind: FrameApp} }
	lib := func(fn, pkg string) Frame { return Frame{Function: fn, Package: pkg, Kind: FrameStdlib} }
	tests := []struct {
		name   string
		frames []Frame
		want   string
	}{
		{"app first", []Frame{lib("runtime.f", "runtime"), app("main.a"), lib("net/http.g", "net/http"), lib("net/http.h", ""), app("main.b")},
			"\n`main.a` at `:0`\n\n`main.b` at `:0`\n\nLibrary frames: 3 (`runtime`, `net/http` × 2).\n"},
		{"recursion", []Frame{app("main.r"), app("main.r"), app("main.r"), app("main.main")},
			"\n`main.r` at `:0` (× 3 in a row)\n\n`main.main` at `:0`\n"},
		{"no app frame", []Frame{lib("internal/runtime/maps.fatal", ""), lib("net/http.f", "net/http")},
			"\n`internal/runtime/maps.fatal` at `:0`\n\nLibrary frames: 1 (`net/http`).\n"},
	}
	var rd Renderer
	for _, tt := range tests {
		var b strings.Builder
		rd.mdStack(&b, &Report{}, &Section{Frames: tt.frames})
		if got := b.String(); got != tt.want {
			t.Errorf("%s: mdStack = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestMarkdownCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"x", "`x`"},
		{"a`b", "``a`b``"},
		{"`x`", "`` `x` ``"},
		{"two\nlines", "`two lines`"},
	}
	for _, tt := range tests {
		if got := code(tt.in); got != tt.want {
			t.Errorf("code(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got, want := fenced("a ``` b", "text"), "````text\na ``` b\n````\n"; got != want {
		t.Errorf("fenced(%q) = %q, want %q", "a ``` b", got, want)
	}
}

// TestMarkdownCrash checks the Markdown of a crashed process: the
// heading, the exit status, and, its Go version unknown, the platform.
func TestMarkdownCrash(t *testing.T) {
	b, err := os.ReadFile("testdata/crash/panic.txt")
	if err != nil {
		t.Fatal(err)
	}
	rep := ParseCrash(b)
	rep.ExitStatus = "exit status 2"
	var rd Renderer
	md := rd.markdown(rep)
	for _, want := range []string{"### " + rep.Title + "\n", "\nThe process ended: `exit status 2`.\n", "\nPlatform: `", "`main.main` at `"} {
		if !strings.Contains(md, want) {
			t.Errorf("crash Markdown lacks %q:\n%s", want, md)
		}
	}
}
