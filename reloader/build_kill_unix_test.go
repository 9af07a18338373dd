//go:build unix

package reloader

import (
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBuildKilledExternally kills a build's compiler from outside: the
// build fails at once with a report that says the tool was killed.
func TestBuildKilledExternally(t *testing.T) {
	j, pid := startHangingBuild(t, 0)
	defer j.stop()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	var res buildResult
	select {
	case res = <-j.done:
		j.done <- res // for the deferred stop
	case <-time.After(time.Minute):
		t.Fatal("the build still runs a minute after its compiler was killed")
	}
	var be *BuildError
	if res.canceled || !errors.As(res.err, &be) || !strings.Contains(be.Report().Message+textOfErrors(be), "killed") {
		t.Errorf("build whose compiler was killed = canceled %v, err %v; want a BuildError whose report says killed", res.canceled, res.err)
	}
}

// textOfErrors joins the messages of be's errors.
func textOfErrors(be *BuildError) string {
	var b strings.Builder
	for _, e := range be.Errors {
		b.WriteString(e.Message + "\n")
	}
	return b.String()
}
