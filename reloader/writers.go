package reloader

import (
	"io"
	"sync"
)

// lockedWriter serializes writes to w: the outputs of an app (and of the
// one it replaces) are copied by several goroutines.
type lockedWriter struct {
	mu *sync.Mutex // guards w, shared by every lockedWriter of one engine
	w  io.Writer
}

func (lw lockedWriter) Write(p []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return lw.w.Write(p)
}
