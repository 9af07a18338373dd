package debugpage

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWithSource checks which frames WithSource gives their lines: every
// error of a build, the app's frames of the failing goroutine only, and
// none of a file changed after the program was built.
func TestWithSource(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "main.go")
	src := "package main\n\nfunc main() {\n\tpanic(1)\n}\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var rd Renderer
	build := &Report{Kind: KindBuild, Sections: []Section{{Frames: []Frame{{File: file, Line: 4, Kind: FrameApp}}}}}
	got := rd.WithSource(build).Sections[0].Frames[0].Source
	want := []SourceLine{{1, "package main", false}, {2, "", false}, {3, "func main() {", false}, {4, "\tpanic(1)", true}, {5, "}", false}}
	if len(got) != len(want) {
		t.Fatalf("build error source = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("build error source line %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if build.Sections[0].Frames[0].Source != nil {
		t.Errorf("WithSource changed the report it was given")
	}

	app, lib := Frame{File: file, Line: 4, Kind: FrameApp}, Frame{File: file, Line: 3, Kind: FrameStdlib}
	crash := &Report{Kind: KindCrash, Sections: []Section{{Frames: []Frame{app}}, {Failing: true, Frames: []Frame{app, lib}}}}
	c := rd.WithSource(crash)
	if c.Sections[0].Frames[0].Source != nil || c.Sections[1].Frames[0].Source == nil || c.Sections[1].Frames[1].Source != nil {
		t.Errorf("crash: source on (other goroutine, failing app frame, failing stdlib frame) = %v, %v, %v; want only the failing app frame's",
			c.Sections[0].Frames[0].Source != nil, c.Sections[1].Frames[0].Source != nil, c.Sections[1].Frames[1].Source != nil)
	}

	crash.Built = time.Now().Add(-time.Hour)
	if s := rd.WithSource(crash).Sections[1].Frames[0].Source; s != nil {
		t.Errorf("a file changed after the build still shows its lines: %+v", s)
	}
}
