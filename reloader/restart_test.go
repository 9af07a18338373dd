package reloader

import "testing"

// TestEngineRestart checks that Restart rebuilds and restarts the app
// without a change of its files, naming no file.
func TestEngineRestart(t *testing.T) {
	dir := copyTree(t, "testdata/app")
	e := &Engine{Dir: dir}
	er := startEngine(t, e)
	first := er.next(Started)
	er.next(Ready)
	e.Restart()
	e.Restart() // while one is pending: does not block
	if b := er.next(Building); len(b.Changed) != 0 {
		t.Errorf("Building after Restart: Changed = %q, want none", b.Changed)
	}
	second := er.next(Started)
	er.next(Ready)
	if second.PID == first.PID {
		t.Errorf("after Restart the app's PID is still %d, want a new process", first.PID)
	}
}
