package reloader

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// msgSource is package msg of testdata/app, serving text.
func msgSource(text string) string {
	return fmt.Sprintf("package msg\n\nfunc Text() string { return %q }\n", text)
}

// saveAtomically saves content the way many editors do: write a temporary
// file, then rename it over the original.
func saveAtomically(t *testing.T, name, content string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".tmp")
	writeFile(t, tmp, content)
	if err := os.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
}

// serves waits for the app to be ready after a rebuild and checks what it
// serves.
func (er *engineRun) serves(want string) {
	er.t.Helper()
	addr := er.next(Ready).Addr
	if got := fetch(er.t, "http://"+addr+"/"); got != want {
		er.t.Errorf("GET / = %q, want %q", got, want)
	}
}

// TestEngineTriggers checks which file changes rebuild: atomic saves, new
// files and directories that come back do; tests, docs and editor files
// do not.
func TestEngineTriggers(t *testing.T) {
	dir := copyTree(t, "testdata/app")
	er := startEngine(t, &Engine{Dir: dir})
	er.serves("v1")
	msg := filepath.Join(dir, "msg", "msg.go")

	// Irrelevant files first, then one that matters: the build must name
	// only that one.
	for _, f := range []string{"README.md", "msg/.msg.go.swp", "msg/msg.go~", "msg/4913", "docs/x.md", ".git/index"} {
		writeFile(t, filepath.Join(dir, f), "x")
	}
	writeFile(t, filepath.Join(dir, "msg", "msg_test.go"), "package msg\n")
	saveAtomically(t, msg, msgSource("atomic"))
	if b := er.next(Building); !slices.Equal(b.Changed, []string{filepath.Join("msg", "msg.go")}) {
		t.Errorf("Building.Changed = %q, want only msg/msg.go", b.Changed)
	}
	er.serves("atomic")

	// A new file in a package directory.
	writeFile(t, filepath.Join(dir, "msg", "more.go"), "package msg\n\nfunc More() string { return \"more\" }\n")
	if b := er.next(Building); !slices.Equal(b.Changed, []string{filepath.Join("msg", "more.go")}) {
		t.Errorf("Building.Changed = %q, want msg/more.go", b.Changed)
	}
	er.serves("atomic")

	// The package directory removed, then created again.
	if err := os.RemoveAll(filepath.Join(dir, "msg")); err != nil {
		t.Fatal(err)
	}
	er.next(BuildFailed)
	writeFile(t, msg, msgSource("back"))
	er.serves("back")
}

// TestEngineNewImport checks that a local package imported after the
// start is watched once a build has seen the import.
func TestEngineNewImport(t *testing.T) {
	dir := copyTree(t, "testdata/app")
	extra := filepath.Join(dir, "extra", "extra.go")
	writeFile(t, extra, "package extra\n\nfunc Text() string { return \"extra1\" }\n")
	er := startEngine(t, &Engine{Dir: dir})
	er.serves("v1")

	writeFile(t, filepath.Join(dir, "msg", "msg.go"),
		"package msg\n\nimport \"example.com/app/extra\"\n\nfunc Text() string { return extra.Text() }\n")
	er.serves("extra1")
	w := er.next(Watching) // the set recomputed after the good build
	if w.Files == 0 {
		t.Errorf("Watching.Files = 0 after the recomputation")
	}
	writeFile(t, extra, "package extra\n\nfunc Text() string { return \"extra2\" }\n")
	er.serves("extra2")
}

// TestEngineStorm changes 500 files at once, as a checkout does, and
// checks that one build, of the final state, comes of it.
func TestEngineStorm(t *testing.T) {
	dir := copyTree(t, "testdata/app")
	// A debounce longer than the default keeps a machine too busy to
	// write 500 files without a pause from splitting the storm; the
	// debouncer's timing itself is tested with synctest.
	er := startEngine(t, &Engine{Dir: dir, Debounce: 250 * time.Millisecond})
	er.serves("v1")
	for i := range 500 {
		writeFile(t, filepath.Join(dir, "msg", fmt.Sprintf("gen%03d.go", i)), fmt.Sprintf("package msg\n\nconst c%03d = %d\n", i, i))
	}
	writeFile(t, filepath.Join(dir, "msg", "msg.go"), msgSource("storm"))
	built := 0
	for ev := range er.until(Ready) {
		if ev.Kind == Built {
			built++
		}
	}
	if built != 1 {
		t.Errorf("a storm of 501 changes gave %d good builds, want 1", built)
	}
	if got := fetch(t, "http://"+er.lastAddr+"/"); got != "storm" {
		t.Errorf("after the storm, GET / = %q, want storm", got)
	}
}

// TestEnginePoll watches by polling, as asked.
func TestEnginePoll(t *testing.T) {
	dir := copyTree(t, "testdata/app")
	er := startEngine(t, &Engine{Dir: dir, Poll: 20 * time.Millisecond})
	if w := er.next(Watching); w.Mode != "poll" {
		t.Errorf("Watching.Mode = %q, want poll", w.Mode)
	}
	er.serves("v1")
	saveAtomically(t, filepath.Join(dir, "msg", "msg.go"), msgSource("polled"))
	er.serves("polled")
}

// TestEngineWatchGlob restarts the app without a build when a file
// matching a Watch glob changes.
func TestEngineWatchGlob(t *testing.T) {
	dir := copyTree(t, "testdata/app")
	writeFile(t, filepath.Join(dir, "conf", "app.conf"), "a")
	er := startEngine(t, &Engine{Dir: dir, Watch: []string{"conf/*.conf"}})
	er.serves("v1")
	writeFile(t, filepath.Join(dir, "conf", "app.conf"), "b")
	var kinds []EventKind
	var changed []string
	for ev := range er.until(Ready) {
		if ev.Kind != Watching { // the set recomputed after the first start, at any time
			kinds = append(kinds, ev.Kind)
		}
		if ev.Kind == Started {
			changed = ev.Changed
		}
	}
	if want := []EventKind{Stopping, Stopped, Started, Ready}; !slices.Equal(kinds, want) {
		t.Errorf("after a change of a Watch file, events = %v, want %v", kinds, want)
	}
	if want := []string{"conf/app.conf"}; !slices.Equal(changed, want) {
		t.Errorf("Started.Changed = %q, want %q", changed, want)
	}
}

// TestEngineCrashNoLoop checks that an app that dies at once is not
// restarted until the next change.
func TestEngineCrashNoLoop(t *testing.T) {
	dir := copyTree(t, "testdata/app")
	main := filepath.Join(dir, "main.go")
	good := readFile(t, main)
	writeFile(t, main, strings.Replace(good, "func main() {", "func main() {\n\tpanic(\"dies at once\")", 1))
	er := startEngine(t, &Engine{Dir: dir})
	c := er.next(Crashed)
	if !strings.Contains(c.Report.Title, "dies at once") {
		t.Errorf("Crashed.Report.Title = %q, want the panic", c.Report.Title)
	}
	writeFile(t, filepath.Join(dir, "README.md"), "not a trigger")
	writeFile(t, main, good)
	var kinds []EventKind
	for ev := range er.until(Ready) {
		if ev.Kind != Watching { // the set recomputed after the crash, at any time
			kinds = append(kinds, ev.Kind)
		}
	}
	if want := []EventKind{Building, Built, Started, Ready}; !slices.Equal(kinds, want) {
		t.Errorf("after a crash and a fix, events = %v, want %v (no restart before the fix)", kinds, want)
	}
}

// TestEngineTinyDebounce runs with a debounce so short that the build may
// start when it ends rather than ahead of it.
func TestEngineTinyDebounce(t *testing.T) {
	dir := copyTree(t, "testdata/app")
	er := startEngine(t, &Engine{Dir: dir, Debounce: time.Millisecond})
	er.serves("v1")
	for _, v := range []string{"tiny1", "tiny2"} {
		// atomically: a 1ms debounce could see an in-place write half done
		saveAtomically(t, filepath.Join(dir, "msg", "msg.go"), msgSource(v))
		er.serves(v)
	}
}
