package reloader

import (
	"fmt"
	"html"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devserve/devserve/debugpage"
)

func TestBuildErrorReport(t *testing.T) {
	be := &BuildError{
		Package:   "./cmd/app",
		Root:      filepath.FromSlash("/m"),
		Truncated: []string{"example.com/m/b"},
		Errors: []CompileError{
			{File: filepath.FromSlash("/m/a/a.go"), Line: 3, Column: 7, Message: "undefined: x", Package: "example.com/m/a"},
			{File: filepath.FromSlash("/m/b/b.go"), Line: 1, Column: 2, Message: "syntax error", Package: "example.com/m/b"},
			{File: filepath.FromSlash("/m/a/a2.go"), Line: 9, Message: "y declared and not used", Package: "example.com/m/a"},
			{File: filepath.FromSlash("/elsewhere/c.go"), Line: 1, Message: "z", Package: "example.com/m/a"},
		},
	}
	r := be.Report()
	if r.Kind != debugpage.KindBuild || r.Message != "undefined: x" {
		t.Errorf("Report() = kind %q, message %q, want build, %q", r.Kind, r.Message, "undefined: x")
	}
	if want := "build failed: ./cmd/app (more than 4 errors)"; r.Title != want {
		t.Errorf("Report().Title = %q, want %q", r.Title, want)
	}
	want := []struct {
		title     string
		truncated bool
		files     []string
		rel       []string
	}{
		{"example.com/m/a", false, []string{"/m/a/a.go", "/m/a/a2.go", "/elsewhere/c.go"}, []string{"a/a.go", "a/a2.go", ""}},
		{"example.com/m/b", true, []string{"/m/b/b.go"}, []string{"b/b.go"}},
	}
	if len(r.Sections) != len(want) {
		t.Fatalf("Report() has %d sections, want %d", len(r.Sections), len(want))
	}
	for i, w := range want {
		s := r.Sections[i]
		if s.Title != w.title || s.Truncated != w.truncated || len(s.Frames) != len(w.files) {
			t.Errorf("section %d = %q, truncated %v, with %d frames, want %q, %v, with %d", i, s.Title, s.Truncated, len(s.Frames), w.title, w.truncated, len(w.files))
			continue
		}
		for j, f := range s.Frames {
			file, rel := filepath.FromSlash(w.files[j]), filepath.FromSlash(w.rel[j])
			if f.File != file || f.RelFile != rel || f.Kind != debugpage.FrameApp || f.Message == "" || f.Line == 0 {
				t.Errorf("section %d frame %d = %+v, want file %s, relative %q, kind app, a line and a message", i, j, f, file, rel)
			}
		}
	}
}

func TestBuildErrorError(t *testing.T) {
	tests := []struct {
		be   *BuildError
		want string
	}{
		{&BuildError{Package: ".", Errors: []CompileError{{File: "/m/a.go", Line: 1, Column: 2, Message: "x"}}},
			"reloader: build .: /m/a.go:1:2: x"},
		{&BuildError{Package: ".", Errors: []CompileError{{File: "/m/a.go", Line: 1, Message: "x"}, {Message: "y"}}},
			"reloader: build .: /m/a.go:1: x (and 1 more)"},
		{&BuildError{Package: ".", Output: "go: no go command\n"}, "reloader: build .: go: no go command"},
		{&BuildError{Package: ".", Errors: []CompileError{{Message: "x"}, {Message: "y"}}, Truncated: []string{""}},
			"reloader: build .: x (and at least 2 more)"},
	}
	for _, tt := range tests {
		if got := tt.be.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

// TestEngineReportsEveryError builds fixtures with more than the
// compiler's ten errors in one package through the engine, and checks
// that the report holds every error, the title counts them all, files are
// named relative to the module, and the page marks each error.
func TestEngineReportsEveryError(t *testing.T) {
	tests := []struct {
		name, fixture string
		flags         []string
		want          int // errors in the package, when all are reported
	}{
		{"crowded", "crowded", nil, 15},
		{"many", "many", nil, 24},
		{"user gcflags", "many", []string{"-gcflags=-B"}, 24}, // the user's own -gcflags keep -e
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyTree(t, filepath.Join("testdata", "builderrors", tt.fixture))
			er := startEngine(t, &Engine{Dir: dir, BuildFlags: tt.flags})
			be := er.next(BuildFailed).Err
			if len(be.Errors) != tt.want || len(be.Truncated) != 0 {
				t.Fatalf("BuildFailed.Err = %d errors, truncated %q, want %d and none truncated; output:\n%s", len(be.Errors), be.Truncated, tt.want, be.Output)
			}
			r := be.Report()
			if want := fmt.Sprintf("build failed (%d errors)", tt.want); r.Title != want {
				t.Errorf("Report().Title = %q, want %q", r.Title, want)
			}
			for _, f := range r.Sections[0].Frames {
				if filepath.Join(dir, f.RelFile) != f.File || filepath.IsAbs(f.RelFile) {
					t.Errorf("frame %s:%d has RelFile %q, want it relative to %s", f.File, f.Line, f.RelFile, dir)
				}
			}
			var page strings.Builder
			if err := new(debugpage.Renderer).WriteHTML(&page, r); err != nil {
				t.Fatal(err)
			}
			if got := strings.Count(page.String(), `<tr class="mark`); got != tt.want {
				t.Errorf("page marks %d errors, want %d", got, tt.want)
			}
			text := html.UnescapeString(page.String())
			for _, ce := range be.Errors {
				if !strings.Contains(text, ce.Message) {
					t.Errorf("page lacks the error %s", ce)
				}
			}
		})
	}
}
