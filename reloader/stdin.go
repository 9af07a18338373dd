package reloader

import (
	"io"
	"os"
	"sync"
)

// stdinPump reads the engine's Stdin in one goroutine and hands what it
// reads to the app that runs at the time, so that successive apps never
// race for the same input. It exits at the end of the input; if the input
// blocks forever, the goroutine stays blocked until it returns.
type stdinPump struct {
	mu  sync.Mutex // guards to and eof
	to  *os.File   // the running app's stdin; nil between apps
	eof bool       // the input ended: apps get an empty stdin
}

// newStdinPump starts copying from r.
func newStdinPump(r io.Reader) *stdinPump {
	sp := new(stdinPump)
	go sp.run(r)
	return sp
}

func (sp *stdinPump) run(r io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		sp.mu.Lock()
		if n > 0 && sp.to != nil {
			sp.to.Write(buf[:n]) // an app that stopped reading loses its input
		}
		if err != nil {
			sp.eof = true
			if sp.to != nil {
				sp.to.Close()
				sp.to = nil
			}
		}
		sp.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// attach makes w the destination of the input.
func (sp *stdinPump) attach(w *os.File) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.eof {
		w.Close()
		return
	}
	sp.to = w
}

// detach stops writing to w, if it is the destination.
func (sp *stdinPump) detach(w *os.File) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.to == w {
		sp.to = nil
	}
}
