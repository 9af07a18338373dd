//go:build linux && (amd64 || arm64)

package inspect

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// debugBuild are the flags devserve run builds the app with.
var debugBuild = []string{"-gcflags=-N -l", "-ldflags=-compressdwarf=false"}

// parkedApp is the running testdata/parked program.
type parkedApp struct {
	in     *Inspector // waits on cmd only while holding it
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr *bytes.Buffer
	gid    int64
}

// startParked builds testdata/parked with flags and runs it until it
// parks its panicking goroutine.
func startParked(t *testing.T, flags ...string) *parkedApp {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "parked")
	build := exec.Command("go", append(append([]string{"build", "-o", bin}, flags...), "./testdata/parked")...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building testdata/parked: %v\n%s", err, out)
	}
	a := &parkedApp{in: &Inspector{Timeout: time.Minute}, cmd: exec.Command(bin), stderr: new(bytes.Buffer)}
	a.cmd.Stderr = a.stderr
	stdout, err := a.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if a.stdin, err = a.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		a.in.Lock()
		defer a.in.Unlock()
		a.cmd.Process.Kill()
		a.cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("testdata/parked printed %q, then: %v", line, err)
	}
	id, ok := strings.CutPrefix(strings.TrimSpace(line), "parked ")
	if a.gid, err = strconv.ParseInt(id, 10, 64); !ok || err != nil {
		t.Fatalf("testdata/parked printed %q, want parked and a goroutine id", line)
	}
	return a
}

// release lets the parked goroutine go on, and returns how the program
// ended and what it printed.
func (a *parkedApp) release(t *testing.T) (string, string) {
	t.Helper()
	io.WriteString(a.stdin, "\n")
	a.in.Lock()
	err := a.cmd.Wait()
	a.in.Unlock()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("testdata/parked ended with %v, want its panic", err)
	}
	return exit.ProcessState.String(), a.stderr.String()
}

// skipWithoutPtrace skips a test the system does not let trace a
// process, unless it runs in CI, where that is a failure.
func skipWithoutPtrace(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, ErrRefused) {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("ptrace is refused in CI: %v", err)
	}
	t.Skipf("ptrace is refused here: %v", err)
}

func TestFrames(t *testing.T) {
	a := startParked(t, debugBuild...)
	in := a.in
	frames, err := in.Frames(context.Background(), a.cmd.Process.Pid, a.gid, Limits{})
	skipWithoutPtrace(t, err)
	if err != nil {
		t.Fatal(err)
	}
	f := findFrame(t, frames, "main.checkout")
	tests := []struct{ name, want string }{
		{"d", "<nil>"},
		{"total", "60"},
		{"items", `[{Name:"apple" Price:10} {Name:"pear" Price:20} {Name:"plum" Price:30}]`},
		{"err", `&{s:"boom"}`},
	}
	for _, tt := range tests {
		v := findVar(f, tt.name)
		if v == nil {
			t.Errorf("checkout has no variable %s; have %+v %+v", tt.name, f.Args, f.Locals)
			continue
		}
		if got := v.Line(); got != tt.want {
			t.Errorf("checkout's %s = %s, want %s", tt.name, got, tt.want)
		}
	}
	if d := findVar(f, "d"); d == nil || !d.Nil || d.Type != "*main.discount" {
		t.Errorf("checkout's d = %+v, want a nil *main.discount", d)
	}
	if len(frames) < 2 || frames[1].Function != "main.main" {
		t.Errorf("frames after checkout = %+v, want main.main next", frames[1:])
	}
	status, out := a.release(t)
	if status != "exit status 2" || !strings.Contains(out, "nil pointer dereference") {
		t.Errorf("after the session, the program ended with %s:\n%s\nwant its panic, exit status 2", status, out)
	}
}

func TestEval(t *testing.T) {
	a := startParked(t, debugBuild...)
	in := a.in
	frames, err := in.Frames(context.Background(), a.cmd.Process.Pid, a.gid, Limits{})
	skipWithoutPtrace(t, err)
	if err != nil {
		t.Fatal(err)
	}
	depth := findFrame(t, frames, "main.checkout").Depth
	tests := []struct{ expr, want, wantErr string }{
		{"len(items)", "3", ""},
		{"c.Items[1].Name", `"pear"`, ""},
		{`c.Tags["x"]`, "1", ""},
		{"total * 2 > 100", "true", ""},
		{"d == nil", "true", ""},
		{"len(c.Note)", "1000", ""},
		{"float64(total) / 8", "7.5", ""},
		{"err.(*errors.errorString).s", `"boom"`, ""},
		{"items[", "", "not a Go expression"},
		{"total = 1", "", "not a Go expression"},
		{"nosuch + 1", "", "nosuch"},
		{"checkout(c, d)", "", "calls no functions"},
	}
	for _, tt := range tests {
		v, err := in.Eval(context.Background(), a.cmd.Process.Pid, a.gid, depth, tt.expr, Limits{})
		switch {
		case tt.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Eval(%s) = %s, %v; want an error containing %q", tt.expr, v.Line(), err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("Eval(%s): %v", tt.expr, err)
		case v.Line() != tt.want:
			t.Errorf("Eval(%s) = %s, want %s", tt.expr, v.Line(), tt.want)
		}
	}
	note, err := in.Eval(context.Background(), a.cmd.Process.Pid, a.gid, depth, "c.Note", Limits{String: 10})
	if err != nil || !note.Cut || note.Len != 1000 || len(note.Value) != 10 {
		t.Errorf("Eval(c.Note) with 10 bytes = %+v, %v; want 10 of 1000 bytes, cut", note, err)
	}
	if status, _ := a.release(t); status != "exit status 2" {
		t.Errorf("after the sessions, the program ended with %s, want exit status 2", status)
	}
}

// TestStripped inspects a program without debug information: the
// session fails saying so, and the program runs on.
func TestStripped(t *testing.T) {
	a := startParked(t, "-ldflags=-s -w")
	in := a.in
	_, err := in.Frames(context.Background(), a.cmd.Process.Pid, a.gid, Limits{})
	if !errors.Is(err, ErrNoDebugInfo) {
		t.Errorf("Frames of a stripped program = %v, want ErrNoDebugInfo", err)
	}
	if status, _ := a.release(t); status != "exit status 2" {
		t.Errorf("after the session, the program ended with %s, want exit status 2", status)
	}
}

// TestSerialized holds the inspector's lock, as the engine does while it
// waits on the app: a session waits for it, and fails when its time is
// up first.
func TestSerialized(t *testing.T) {
	a := startParked(t, debugBuild...)
	in := a.in
	in.Timeout = 100 * time.Millisecond
	in.Lock()
	_, err := in.Frames(context.Background(), a.cmd.Process.Pid, a.gid, Limits{})
	in.Unlock()
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("Frames while the inspector is locked = %v, want ErrTimeout", err)
	}
	if state, err := procState(a.cmd.Process.Pid); err != nil || state == 'T' || state == 't' {
		t.Errorf("the program's state is %c, %v; want it running", state, err)
	}
}

func findFrame(t *testing.T, frames []debugpage.FrameVars, fn string) *debugpage.FrameVars {
	t.Helper()
	for i := range frames {
		if frames[i].Function == fn {
			return &frames[i]
		}
	}
	t.Fatalf("no frame of %s in %+v", fn, frames)
	return nil
}

func findVar(f *debugpage.FrameVars, name string) *debugpage.Var {
	for _, list := range [][]debugpage.Var{f.Args, f.Locals} {
		for i := range list {
			if list[i].Name == name {
				return &list[i]
			}
		}
	}
	return nil
}
