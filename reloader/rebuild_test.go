package reloader

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestRelativeLeavesTempFiles checks the names a build says changed: a
// temporary file that sed or an editor wrote and renamed away is left
// out; a removed source file and a new one are named.
func TestRelativeLeavesTempFiles(t *testing.T) {
	dir := t.TempDir()
	ws := newWatchSet([]*listedPackage{{Dir: filepath.Join(dir, "web"), ImportPath: "m/web", Name: "web",
		GoFiles: []string{"web.go", "gone.go"}, EmbedFiles: []string{"page.html"}}}, goEnv{}, globs{})
	writeFile(t, filepath.Join(dir, "web", "page.html"), "new")
	writeFile(t, filepath.Join(dir, "web", "new.go"), "package web")
	r := &runner{root: dir, set: ws}
	names := map[string]bool{}
	for _, n := range []string{"web/sedX1b2c3", "web/page.html", "web/gone.go", "web/new.go"} {
		names[filepath.Join(dir, n)] = true
	}
	want := []string{filepath.Join("web", "gone.go"), filepath.Join("web", "new.go"), filepath.Join("web", "page.html")}
	if got := r.relative(names); !slices.Equal(got, want) {
		t.Errorf("relative = %q, want %q", got, want)
	}
	// Alone, a vanished name is all there is to say.
	only := map[string]bool{filepath.Join(dir, "web", "sedX1b2c3"): true}
	if got := r.relative(only); len(got) != 1 {
		t.Errorf("relative of a lone vanished name = %q, want it named", got)
	}
}
