package reloader

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestReapWaitsForTheLock crashes the app while the test holds
// Engine.Reap, as an inspector does during a session: the app stays a
// zombie, unreaped, until the lock is released, and only then does the
// engine report the crash.
func TestReapWaitsForTheLock(t *testing.T) {
	var reap sync.Mutex
	er := startEngine(t, &Engine{Dir: copyTree(t, "testdata/app"), Reap: &reap})
	addr := er.next(Ready).Addr
	pid := er.pids[len(er.pids)-1]
	reap.Lock()
	locked := true
	defer func() {
		if locked {
			reap.Unlock()
		}
	}()
	if resp, err := http.Get("http://" + addr + "/crash"); err == nil {
		resp.Body.Close()
	}
	awaitZombie(t, pid)
	select {
	case ev := <-er.events:
		if ev.Kind == Crashed {
			t.Fatalf("the engine reaped the app while Reap was held: %+v", ev)
		}
	default:
	}
	reap.Unlock()
	locked = false
	if c := er.next(Crashed); c.PID != pid {
		t.Errorf("Crashed.PID = %d, want %d", c.PID, pid)
	}
}

// awaitZombie waits until process pid has exited but is not reaped.
func awaitZombie(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			t.Fatalf("process %d was reaped: %v", pid, err)
		}
		if s := string(b); strings.HasPrefix(s[strings.LastIndexByte(s, ')')+1:], " Z") {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("process %d did not exit within 30s", pid)
}
