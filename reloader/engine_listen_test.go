package reloader

import (
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// freeAddrs returns n loopback addresses free at the time of the call.
func freeAddrs(t *testing.T, n int) []string {
	t.Helper()
	var addrs []string
	for len(addrs) < n {
		a, err := freeAddr("")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(addrs, a) {
			addrs = append(addrs, a)
		}
	}
	slices.SortFunc(addrs, func(x, y string) int { return portOf(x) - portOf(y) })
	return addrs
}

// fixturesDir returns the absolute directory of the fixtures module.
func fixturesDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", "fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestEngineAdoptsTheOnlyPort runs an app that ignores PORT and listens
// on one address of its own: the engine finds it there, within a couple
// of seconds, and says so.
func TestEngineAdoptsTheOnlyPort(t *testing.T) {
	addr := freeAddrs(t, 1)[0]
	er := startEngine(t, &Engine{Dir: fixturesDir(t), Package: "./elsewhere", Args: []string{"-listen", addr}})
	started := er.next(Started)
	ready := er.next(Ready)
	if ready.Addr != addr || !ready.Adopted {
		t.Errorf("Ready = %s (adopted %v), want %s adopted", ready.Addr, ready.Adopted, addr)
	}
	if took := ready.Time.Sub(started.Time); took > 2*time.Second {
		t.Errorf("Ready came %v after Started, want within 2s", took)
	}
	if got, want := fetch(t, "http://"+ready.Addr+"/"), "elsewhere "+addr; got != want {
		t.Errorf("GET / = %q, want %q", got, want)
	}
}

// TestEngineOwnPortAfterAll runs an app that opens a port of its own
// before $PORT: adopted first, it is served on $PORT once it opens it.
func TestEngineOwnPortAfterAll(t *testing.T) {
	addr := freeAddrs(t, 1)[0]
	er := startEngine(t, &Engine{Dir: fixturesDir(t), Package: "./elsewhere",
		Args: []string{"-listen", addr, "-own-after", "1s"}})
	started := er.next(Started)
	if first := er.next(Ready); first.Addr != addr || !first.Adopted {
		t.Errorf("first Ready = %s (adopted %v), want %s adopted", first.Addr, first.Adopted, addr)
	}
	if own := er.next(Ready); own.Addr != started.Addr || own.Adopted {
		t.Errorf("second Ready = %s (adopted %v), want %s, its own", own.Addr, own.Adopted, started.Addr)
	}
}

// TestEngineAsksAmongPorts runs an app that listens on two addresses of
// its own: the engine names both, soon, instead of picking one.
func TestEngineAsksAmongPorts(t *testing.T) {
	addrs := freeAddrs(t, 2)
	er := startEngine(t, &Engine{Dir: fixturesDir(t), Package: "./elsewhere",
		Args: []string{"-listen", addrs[0], "-listen", addrs[1]}})
	started := er.next(Started)
	nl := er.next(NotListening)
	if !slices.Equal(nl.Listening, addrs) || nl.Addr != started.Addr {
		t.Errorf("NotListening = %s, listening on %q; want %s, listening on %q", nl.Addr, nl.Listening, started.Addr, addrs)
	}
	if took := nl.Time.Sub(started.Time); took > 3*time.Second {
		t.Errorf("NotListening came %v after Started, want within 3s", took)
	}
	if want := "listening on " + addrs[1]; !slices.Contains(lastLines([]byte(nl.Output), 10), want) {
		t.Errorf("NotListening.Output = %q, want the line %q", nl.Output, want)
	}
}

// TestEngineAppAddrNotAdopted runs an app elsewhere than the AppAddr it
// was given: the engine does not second-guess the user, but names where
// the app listens when it reports it.
func TestEngineAppAddrNotAdopted(t *testing.T) {
	addrs := freeAddrs(t, 2)
	er := startEngine(t, &Engine{Dir: fixturesDir(t), Package: "./elsewhere", AppAddr: addrs[0],
		Args: []string{"-listen", addrs[1]}, ReadyTimeout: 500 * time.Millisecond})
	nl := er.next(NotListening)
	if nl.Addr != addrs[0] || !slices.Equal(nl.Listening, addrs[1:]) {
		t.Errorf("NotListening = %s, listening on %q; want %s, listening on %q", nl.Addr, nl.Listening, addrs[0], addrs[1:])
	}
}
