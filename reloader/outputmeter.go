package reloader

import (
	"os"
	"slices"
	"sync"
)

// outputMeter knows whether the app's output holds what OnEvent has not
// yet been told of: bytes the app wrote that are still in its pipes, bytes
// read and not yet scanned for handler panics, and panics scanned and not
// yet reported. A framework logs a recovered panic before it answers 500,
// so a proxy that got the 500 and finds the meter at rest knows that no
// panic log is on its way: it need not guess how long one may take.
type outputMeter struct {
	mu    sync.Mutex
	busy  int        // chunks read and not yet scanned, panics queued and not yet reported
	pipes []*os.File // the read ends of the running app's output
}

// pending reports whether output is pending, and whether that is known:
// the platform may not tell how much a pipe holds (pipeHolds).
func (m *outputMeter) pending() (pending, known bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.busy > 0 {
		return true, true
	}
	for _, f := range m.pipes {
		n, err := pipeHolds(f)
		if err != nil {
			return false, false
		}
		if n > 0 {
			return true, true
		}
	}
	return false, true
}

// done ends what one read (read, in the platform's file), or one push to
// the panic queue, made busy.
func (m *outputMeter) done() { m.add(-1) }

// add changes the busy count by n.
func (m *outputMeter) add(n int) {
	m.mu.Lock()
	m.busy += n
	m.mu.Unlock()
}

// watch adds the read ends of an app's output.
func (m *outputMeter) watch(fs ...*os.File) {
	m.mu.Lock()
	m.pipes = append(m.pipes, fs...)
	m.mu.Unlock()
}

// forget removes fs, before they are closed.
func (m *outputMeter) forget(fs ...*os.File) {
	m.mu.Lock()
	m.pipes = slices.DeleteFunc(m.pipes, func(f *os.File) bool { return slices.Contains(fs, f) })
	m.mu.Unlock()
}
