// Package cyclic holds panic values that contain themselves, for the tests
// that check devserve never formats a value without end.
package cyclic

import (
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"
)

// Bag is a struct that its own slice can hold.
type Bag struct{ Items []any }

// LoopErr is an error whose own Error method formats a field with fmt,
// which recurses without end when the field holds itself.
type LoopErr struct{ items []any }

func (e *LoopErr) Error() string { return fmt.Sprintf("loop: %v", e.items) }

// Values returns panic values that contain themselves, by the path a
// test serves each at: a slice, a map, a struct through its slice, and an
// error through its field.
func Values() map[string]any {
	s := []any{nil}
	s[0] = s
	m := map[string]any{}
	m["self"] = m
	b := Bag{Items: []any{nil}}
	b.Items[0] = b
	e := &LoopErr{items: []any{nil}}
	e.items[0] = e.items
	return map[string]any{"/slice": s, "/map": m, "/struct": b, "/error": e}
}

// childEnv, when set, tells a test binary that it is the child RunChild
// started.
const childEnv = "DEVSERVE_CYCLIC_CHILD"

// RunChild runs the test named child again, alone, in a child process of
// the test binary, and fails t unless it passes and the process exits
// cleanly: a formatter that recursed without end would kill the child with
// a stack overflow, where it would only hang or kill the whole run here.
func RunChild(t *testing.T, child string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+child+"$", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+child) {
		t.Fatalf("child serving cyclic panic values: %v, want it to pass and exit 0:\n%.3000s", err, out)
	}
}

// InChild skips t unless it runs in the child RunChild started, and there
// lowers the stack limit, so that a runaway recursion dies within
// milliseconds.
func InChild(t *testing.T) {
	t.Helper()
	if os.Getenv(childEnv) == "" {
		t.Skip("run by RunChild in a child process")
	}
	debug.SetMaxStack(16 << 20)
}
