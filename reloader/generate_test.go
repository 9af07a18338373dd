package reloader

import (
	"path/filepath"
	"slices"
	"testing"
)

// kindsUntil returns the kinds of the events up to and including the
// first of kind, Watching left out: the set is recomputed at any time.
func (er *engineRun) kindsUntil(kind EventKind) ([]EventKind, []Event) {
	var kinds []EventKind
	var evs []Event
	for ev := range er.until(kind) {
		if ev.Kind != Watching {
			kinds = append(kinds, ev.Kind)
			evs = append(evs, ev)
		}
	}
	return kinds, evs
}

// TestEngineGenerate runs a generator at the start, then at each change
// of its sources, and checks that what it writes rebuilds once, that a
// rewrite with the same content rebuilds nothing, and that its failure is
// a build failure located in its sources.
func TestEngineGenerate(t *testing.T) {
	gen := buildFixture(t, "gen")
	dir := copyTree(t, "testdata/app")
	txt := filepath.Join(dir, "msg", "msg.txt")
	writeFile(t, txt, "gen1")
	lines := newLineWriter()
	er := startEngine(t, &Engine{Dir: dir, Generate: []Generator{{Run: gen, Watch: []string{"msg/*.txt"}, Output: lines}}})

	kinds, _ := er.kindsUntil(Building)
	if want := []EventKind{Generating, Generated, Building}; !slices.Equal(kinds, want) {
		t.Errorf("first events = %v, want %v", kinds, want)
	}
	er.serves("gen1")
	if l := <-lines.c; l != "generating msg/msg.go" {
		t.Errorf("the generator's output = %q", l)
	}

	writeFile(t, txt, "gen2")
	kinds, evs := er.kindsUntil(Building)
	if want := []EventKind{Generating, Generated, Building}; !slices.Equal(kinds, want) {
		t.Errorf("after a change of a source, events = %v, want %v", kinds, want)
	}
	msgGo := filepath.Join("msg", "msg.go")
	if g := evs[0].Changed; !slices.Equal(g, []string{filepath.Join("msg", "msg.txt")}) {
		t.Errorf("Generating.Changed = %q, want msg/msg.txt", g)
	}
	if g := evs[1].Changed; !slices.Equal(g, []string{msgGo}) {
		t.Errorf("Generated.Changed = %q, want %s", g, msgGo)
	}
	if g := evs[2].Changed; !slices.Equal(g, []string{msgGo}) {
		t.Errorf("Building.Changed = %q, want %s", g, msgGo)
	}
	er.serves("gen2")

	// The same text again, in place and as editors save: the generator
	// rewrites msg.go as it was.
	for _, save := range []func(*testing.T, string, string){writeFile, saveAtomically} {
		save(t, txt, "gen2")
		if ev := er.next(Generated); len(ev.Changed) != 0 {
			t.Errorf("after a rewrite as it was, Generated.Changed = %q, want none", ev.Changed)
		}
	}
	writeFile(t, txt, "gen3")
	if kinds, _ := er.kindsUntil(Building); !slices.Equal(kinds, []EventKind{Generating, Generated, Building}) {
		t.Errorf("after a rewrite as it was then a change, events = %v, want no build before the change's", kinds)
	}
	er.serves("gen3")

	writeFile(t, txt, "gen BAD")
	ev := er.next(BuildFailed)
	if ev.Err == nil || ev.Err.Command != gen || len(ev.Err.Errors) != 1 {
		t.Fatalf("BuildFailed.Err = %+v, want the generator's one error", ev.Err)
	}
	if ce := ev.Err.Errors[0]; ce.File != txt || ce.Line != 1 || ce.Column != 5 || ce.Message != "bad text" {
		t.Errorf("error = %+v, want %s:1:5: bad text", ce, txt)
	}
	writeFile(t, txt, "gen4")
	er.serves("gen4")
}

// TestEngineGenerateOwnSources runs a generator whose sources include the
// file it writes: its writing runs it at most once more, never in a loop.
func TestEngineGenerateOwnSources(t *testing.T) {
	gen := buildFixture(t, "gen")
	dir := copyTree(t, "testdata/app")
	txt := filepath.Join(dir, "msg", "msg.txt")
	writeFile(t, txt, "own1")
	er := startEngine(t, &Engine{Dir: dir, Generate: []Generator{{Run: gen, Watch: []string{"msg/*"}}}})
	er.serves("own1")
	writeFile(t, txt, "own2")
	kinds, _ := er.kindsUntil(Ready)
	if n := count(kinds, Generating); n > 2 {
		t.Errorf("a change ran the generator %d times: %v", n, kinds)
	}
	if n := count(kinds, Building); n != 1 {
		t.Errorf("a change built %d times, want 1: %v", n, kinds)
	}
	if got := fetch(t, "http://"+er.lastAddr+"/"); got != "own2" {
		t.Errorf("GET / = %q, want own2", got)
	}
	writeFile(t, filepath.Join(dir, "msg", "other.txt"), "x") // a source, not read by the generator: runs it, changes nothing
	if ev := er.next(Generated); len(ev.Changed) != 0 {
		t.Errorf("Generated.Changed = %q, want none", ev.Changed)
	}
}

// count returns how many of kinds are k.
func count(kinds []EventKind, k EventKind) int {
	n := 0
	for _, kk := range kinds {
		if kk == k {
			n++
		}
	}
	return n
}
