package reloader

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

var soakCycles = flag.Int("soak", 100, "restart cycles of TestSoakRestarts (the full soak is 1000)")

// usage is what the soak measures of the supervisor, the test process.
type usage struct {
	fds, goroutines int
	heap, rss       uint64 // bytes
}

func measureUsage(t *testing.T) usage {
	t.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	u := usage{fds: len(fds), goroutines: runtime.NumGoroutine(), heap: ms.HeapInuse}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			u.rss = kb << 10
		}
	}
	return u
}

// TestSoakRestarts restarts the app -soak times (through the Watch glob
// path, which restarts without building) and checks that the
// supervisor's open files, goroutines and heap do not grow beyond a small
// bound: every cycle's processes, pipes, timers and goroutines are let go.
//
//	go test -run TestSoakRestarts -soak 1000 -v ./reloader
func TestSoakRestarts(t *testing.T) {
	if testing.Short() {
		t.Skip("restarts the app many times")
	}
	dir := copyTree(t, "testdata/app")
	conf := filepath.Join(dir, "conf", "app.conf")
	writeFile(t, conf, "0")
	er := startEngine(t, &Engine{Dir: dir, Watch: []string{"conf/*.conf"}, Debounce: 5 * time.Millisecond, Grace: 5 * time.Second})
	er.serves("v1")
	n := 0
	cycle := func() {
		n++
		writeFile(t, conf, strconv.Itoa(n))
		for range er.until(Ready) {
		}
	}
	for range 20 { // warm up: pools and caches reach their size
		cycle()
	}
	before := measureUsage(t)
	start := time.Now()
	for range *soakCycles {
		cycle()
	}
	took := time.Since(start)
	after := measureUsage(t)
	t.Logf("%d restarts in %v (%v each): fds %d → %d, goroutines %d → %d, heap %d → %d KiB, RSS %d → %d KiB",
		*soakCycles, took.Round(time.Millisecond), (took / time.Duration(max(*soakCycles, 1))).Round(time.Microsecond),
		before.fds, after.fds, before.goroutines, after.goroutines, before.heap>>10, after.heap>>10, before.rss>>10, after.rss>>10)
	if after.fds > before.fds+5 {
		t.Errorf("open files after %d restarts = %d, want at most %d (5 more than before)", *soakCycles, after.fds, before.fds+5)
	}
	if after.goroutines > before.goroutines+5 {
		t.Errorf("goroutines after %d restarts = %d, want at most %d (5 more than before)", *soakCycles, after.goroutines, before.goroutines+5)
	}
	if after.heap > before.heap+8<<20 {
		t.Errorf("heap in use after %d restarts = %d KiB, want at most %d KiB (8 MiB more than before)", *soakCycles, after.heap>>10, (before.heap+8<<20)>>10)
	}
}
