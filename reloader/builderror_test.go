package reloader

import (
	"testing"

	"github.com/devserve/devserve/debugpage"
)

func TestBuildErrorReport(t *testing.T) {
	be := &BuildError{
		Package: "./cmd/app",
		Errors: []CompileError{
			{File: "/m/a/a.go", Line: 3, Column: 7, Message: "undefined: x", Package: "example.com/m/a"},
			{File: "/m/b/b.go", Line: 1, Column: 2, Message: "syntax error", Package: "example.com/m/b"},
			{File: "/m/a/a2.go", Line: 9, Message: "y declared and not used", Package: "example.com/m/a"},
		},
	}
	r := be.Report()
	if r.Kind != debugpage.KindBuild || r.Message != "undefined: x" {
		t.Errorf("Report() = kind %q, message %q, want build, %q", r.Kind, r.Message, "undefined: x")
	}
	want := []struct {
		title string
		files []string
	}{{"example.com/m/a", []string{"/m/a/a.go", "/m/a/a2.go"}}, {"example.com/m/b", []string{"/m/b/b.go"}}}
	if len(r.Sections) != len(want) {
		t.Fatalf("Report() has %d sections, want %d", len(r.Sections), len(want))
	}
	for i, w := range want {
		s := r.Sections[i]
		if s.Title != w.title || len(s.Frames) != len(w.files) {
			t.Errorf("section %d = %q with %d frames, want %q with %d", i, s.Title, len(s.Frames), w.title, len(w.files))
			continue
		}
		for j, f := range s.Frames {
			if f.File != w.files[j] || f.Kind != debugpage.FrameApp || f.Message == "" || f.Line == 0 {
				t.Errorf("section %d frame %d = %+v, want file %s, kind app, a line and a message", i, j, f, w.files[j])
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
	}
	for _, tt := range tests {
		if got := tt.be.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
