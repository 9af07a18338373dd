//go:build unix

package reloader

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// lineChan passes each line written to it on a channel.
type lineChan chan string

func (lc lineChan) Write(p []byte) (int, error) {
	lc <- string(p)
	return len(p), nil
}

// nextEvent returns the companions' next event, failing after a while.
func nextEvent(t *testing.T, cs *companions) Event {
	t.Helper()
	select {
	case ev := <-cs.reports():
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event from the companions")
		return Event{}
	}
}

// nextLine returns the next line of a companion's output.
func nextLine(t *testing.T, lines lineChan) string {
	t.Helper()
	select {
	case l := <-lines:
		return l
	case <-time.After(10 * time.Second):
		t.Fatal("no line from the companion")
		return ""
	}
}

func testCompanions(t *testing.T, procs ...Process) *companions {
	t.Helper()
	cs := startCompanions(context.Background(), companionConfig{dir: t.TempDir(), signal: syscall.SIGTERM, grace: time.Second, stderr: os.Stderr}, procs)
	t.Cleanup(cs.stop)
	return cs
}

// TestCompanionLines checks that a companion's stdout and stderr reach its
// Output line by line, each as it is written, and that its exit is
// reported with the wait before it starts again.
func TestCompanionLines(t *testing.T) {
	lines := make(lineChan, 10)
	cs := testCompanions(t, Process{Name: "css", Output: lines,
		Run: `sh -c 'echo one; echo two >&2; printf three; exit 3'`})
	if ev := nextEvent(t, cs); ev.Kind != ProcessStarted || ev.Name != "css" || ev.PID == 0 {
		t.Errorf("first event = %v %q pid %d, want ProcessStarted css", ev.Kind, ev.Name, ev.PID)
	}
	for _, want := range []string{"one\n", "two\n", "three\n"} {
		if got := nextLine(t, lines); got != want {
			t.Errorf("line = %q, want %q", got, want)
		}
	}
	ev := nextEvent(t, cs)
	if ev.Kind != ProcessExited || ev.ExitStatus != "exit status 3" || ev.Duration != restartMin {
		t.Errorf("after its exit: %v %q in %v, want ProcessExited \"exit status 3\" in %v", ev.Kind, ev.ExitStatus, ev.Duration, restartMin)
	}
	if ev := nextEvent(t, cs); ev.Kind != ProcessStarted {
		t.Errorf("after the wait: %v, want ProcessStarted", ev.Kind)
	}
}

// TestCompanionLineByLine checks that a line reaches the Output while the
// companion is still running, before its next line is written.
func TestCompanionLineByLine(t *testing.T) {
	lines := make(lineChan, 10)
	dir := t.TempDir()
	gate := filepath.Join(dir, "gate")
	cs := testCompanions(t, Process{Name: "js", Output: lines,
		Run: `sh -c 'echo first; while [ ! -e ` + gate + ` ]; do sleep 0.01; done; echo second'`})
	nextEvent(t, cs)
	if got := nextLine(t, lines); got != "first\n" {
		t.Fatalf("first line = %q", got)
	}
	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := nextLine(t, lines); got != "second\n" {
		t.Errorf("second line = %q", got)
	}
}

// TestCompanionStdinOpen checks that a companion's standard input stays
// open while it runs: watchers that stop at its end keep running.
func TestCompanionStdinOpen(t *testing.T) {
	lines := make(lineChan, 10)
	cs := testCompanions(t, Process{Name: "w", Output: lines, Run: `sh -c 'echo reading; cat; echo input ended'`})
	nextEvent(t, cs)
	if got := nextLine(t, lines); got != "reading\n" {
		t.Fatalf("first line = %q", got)
	}
	select {
	case l := <-lines:
		t.Errorf("the companion's input ended while it ran: %q", l)
	case <-time.After(300 * time.Millisecond): // an input that stays open gives no signal
	}
}

// TestCompanionCannotStart checks that a command that does not exist is
// reported once, and not tried again.
func TestCompanionCannotStart(t *testing.T) {
	cs := testCompanions(t, Process{Name: "gone", Run: "devserve-no-such-command --watch"})
	ev := nextEvent(t, cs)
	if ev.Kind != ProcessExited || !strings.HasPrefix(ev.ExitStatus, "not started: ") || ev.Duration != 0 {
		t.Errorf("event = %v %q in %v, want ProcessExited \"not started: ...\" and no restart", ev.Kind, ev.ExitStatus, ev.Duration)
	}
	select {
	case ev := <-cs.reports():
		t.Errorf("then %v %q, want nothing", ev.Kind, ev.ExitStatus)
	case <-time.After(restartMin + 200*time.Millisecond):
	}
}

// TestCompanionStopKillsGroup checks that stopping the companions stops
// what they started too.
func TestCompanionStopKillsGroup(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	lines := make(lineChan, 10)
	cs := testCompanions(t, Process{Name: "w", Output: lines,
		Run: `sh -c 'trap "" TERM; sleep 60 & echo $! > ` + pidFile + `; echo ready; wait'`})
	nextEvent(t, cs)
	nextLine(t, lines)
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	cs.stop()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("stop took %v, want about the grace of 1s", d)
	}
	for deadline := time.Now().Add(2 * time.Second); processAlive(pid); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) { // SIGKILL is sent, and delivered when the kernel gets to it
			t.Fatalf("the companion's child %d outlived the stop", pid)
		}
	}
}
