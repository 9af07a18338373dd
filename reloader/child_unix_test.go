//go:build unix

package reloader

import (
	"context"
	"io"
	"syscall"
	"testing"
	"time"
)

// TestStopKillsGroup stops apps that ignore SIGTERM, or whose children
// do, and checks that the whole group is gone, after the grace period
// only when the app itself ignores the signal.
func TestStopKillsGroup(t *testing.T) {
	bin := buildFixture(t, "stubborn")
	const grace = 300 * time.Millisecond
	tests := []struct {
		name      string
		args      []string
		waitGrace bool // the stop must have waited for the grace period
	}{
		{"leader and child ignore SIGTERM", nil, true},
		{"leader exits, child ignores SIGTERM", []string{"-polite"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := newLineWriter()
			addr, err := freeAddr("")
			if err != nil {
				t.Fatal(err)
			}
			c, err := startChild(context.Background(), childConfig{
				bin: bin, args: tt.args, env: childEnv(nil, addr, true), addr: addr,
				signal: syscall.SIGTERM, grace: grace, ready: 30 * time.Second,
				stdout: out, stderr: io.Discard, onPanic: func(panicBlock) {},
			})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.stop(); <-c.done }) // if the test fails early
			leader, child := out.pidLine(t, "leader"), out.pidLine(t, "child")
			if res := <-c.ready; res.addr != addr {
				t.Fatalf("readiness = %+v, want the app at %s", res, addr)
			}
			start := time.Now()
			c.stop()
			<-c.done
			took := time.Since(start)
			if tt.waitGrace != (took >= grace) {
				t.Errorf("stop took %v, want waiting for the %v grace period = %v", took, grace, tt.waitGrace)
			}
			for _, pid := range []int{leader, child} {
				awaitGone(t, pid, "after stop")
			}
		})
	}
}

// TestCanceledContextStopsApp checks that canceling the context a child
// was started with stops it and its group.
func TestCanceledContextStopsApp(t *testing.T) {
	bin := buildFixture(t, "stubborn")
	out := newLineWriter()
	ctx, cancel := context.WithCancel(context.Background())
	c, err := startChild(ctx, childConfig{
		bin: bin, env: childEnv(nil, "127.0.0.1:1", false), addr: "127.0.0.1:1",
		signal: syscall.SIGTERM, grace: 100 * time.Millisecond, ready: time.Second,
		stdout: out, stderr: io.Discard, onPanic: func(panicBlock) {},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.stop(); <-c.done }) // if the test fails early
	leader, child := out.pidLine(t, "leader"), out.pidLine(t, "child")
	cancel()
	<-c.done
	for _, pid := range []int{leader, child} {
		awaitGone(t, pid, "after its context was canceled")
	}
}
