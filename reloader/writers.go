package reloader

import (
	"bytes"
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

// tail keeps the last max bytes written to it, cut at a line start.
type tail struct {
	mu  sync.Mutex // guards buf
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		cut := over
		if i := bytes.IndexByte(t.buf[over:], '\n'); i >= 0 {
			cut += i + 1
		}
		t.buf = append(t.buf[:0], t.buf[cut:]...)
	}
	return len(p), nil
}

// bytes returns a copy of what the tail holds.
func (t *tail) bytes() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	return bytes.Clone(t.buf)
}
