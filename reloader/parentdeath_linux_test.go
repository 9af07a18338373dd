package reloader

import (
	"context"
	"io"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// TestParentDeathKillsApp kills a supervisor with SIGKILL, which it cannot
// handle, and checks that the kernel kills its app (the parent-death
// signal). The supervisor is this test binary, re-executed to run
// TestHelperSupervisor.
func TestParentDeathKillsApp(t *testing.T) {
	bin := buildFixture(t, "stubborn")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSupervisor$")
	cmd.Env = append(os.Environ(), "RELOADER_TEST_SUPERVISE="+bin)
	out := newLineWriter()
	cmd.Stdout, cmd.Stderr = out, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	cmd.WaitDelay = 5 * time.Second                      // the app's child holds the output pipe until it is killed
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() }) // if the test fails early
	leader := out.pidLine(t, "leader")
	out.pidLine(t, "child")
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	awaitGone(t, leader, "after its supervisor was killed")
	syscall.Kill(-leader, syscall.SIGKILL) // the app's own child: no parent-death signal covers it
	cmd.Wait()
}

// TestHelperSupervisor is the supervisor of TestParentDeathKillsApp: it
// starts the app named by RELOADER_TEST_SUPERVISE and waits to be killed.
func TestHelperSupervisor(t *testing.T) {
	bin := os.Getenv("RELOADER_TEST_SUPERVISE")
	if bin == "" {
		t.Skip("only run by TestParentDeathKillsApp")
	}
	c, err := startChild(context.Background(), childConfig{
		bin: bin, env: childEnv(nil, "127.0.0.1:1", false), addr: "127.0.0.1:1",
		signal: syscall.SIGTERM, grace: time.Second, ready: time.Minute,
		stdout: os.Stdout, stderr: io.Discard, onPanic: func(panicBlock) {},
	})
	if err != nil {
		t.Fatal(err)
	}
	<-c.done // until killed
}
