package reloader

import (
	"bufio"
	"context"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestBuildCancelKillsTools cancels a build whose compiler never ends and
// checks that the compiler, a grandchild of the engine, is killed.
func TestBuildCancelKillsTools(t *testing.T) {
	j, pid := startHangingBuild(t, 0)
	start := time.Now()
	j.cancel()
	res := <-j.done
	if !res.canceled || time.Since(start) > 5*time.Second {
		t.Errorf("canceled build = canceled %v after %v, want canceled at once", res.canceled, time.Since(start))
	}
	awaitGone(t, pid, "after its build was canceled")
}

func TestWithoutOutput(t *testing.T) {
	tests := []struct{ in, want string }{
		{"-tags x -o out -v", "-tags x -v"},
		{"-o=out -race", "-race"},
		{"-ldflags=-s", "-ldflags=-s"},
	}
	for _, tt := range tests {
		if got := strings.Join(withoutOutput(strings.Fields(tt.in)), " "); got != tt.want {
			t.Errorf("withoutOutput(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestBuildTimeout runs a build whose compiler never ends with a
// timeout: the build fails saying so, and the compiler is killed.
func TestBuildTimeout(t *testing.T) {
	start := time.Now()
	j, pid := startHangingBuild(t, 3*time.Second)
	var res buildResult
	select {
	case res = <-j.done:
	case <-time.After(time.Minute):
		j.cancel()
		t.Fatal("a build with a 3s timeout still runs after a minute")
	}
	if res.canceled || res.err == nil || !strings.Contains(res.err.Error(), "did not finish within 3s") {
		t.Errorf("build that hangs, 3s timeout = canceled %v, err %v after %v; want a failure saying it did not finish within 3s", res.canceled, res.err, time.Since(start))
	}
	awaitGone(t, pid, "after its build timed out")
}

// startHangingBuild starts a build of testdata/app whose compiler (the
// "hang" fixture) never ends, with the given timeout (0 for none), and
// returns it with the compiler's PID once the compiler runs.
func startHangingBuild(t *testing.T, timeout time.Duration) (*buildJob, int) {
	t.Helper()
	tool := buildFixture(t, "hang")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	dir, err := filepath.Abs(filepath.Join("testdata", "app"))
	if err != nil {
		t.Fatal(err)
	}
	j := goBuild(context.Background(), buildConfig{
		pkg:     ".",
		dir:     dir,
		flags:   []string{"-toolexec", tool},
		env:     []string{"HANG_ADDR=" + l.Addr().String()},
		out:     filepath.Join(t.TempDir(), "app"),
		timeout: timeout,
	})
	pid, err := acceptPID(l)
	if err != nil {
		j.stop()
		t.Fatal(err)
	}
	return j, pid
}

// acceptPID accepts one connection on l and reads the PID the hang
// fixture writes on it.
func acceptPID(l net.Listener) (int, error) {
	conn, err := l.Accept()
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(line))
}
