package serving

import (
	"io"
	"sync"
)

// maxPendingLog bounds the log lines waiting to be written; a request that
// finds more waits for the writer to catch up.
const maxPendingLog = 1 << 20

// logWriter writes request-log lines from a goroutine of its own, so that
// no request waits on the log's writes, and the lines that pile up during
// one write go out together in the next. Write errors are dropped: the log
// has nowhere to report them.
type logWriter struct {
	w     io.Writer
	ready chan struct{} // holds a token while pending has lines
	done  chan struct{} // closed when the goroutine has exited

	mu      sync.Mutex // guards pending, closed
	drained sync.Cond  // signalled when pending is emptied
	pending []byte
	closed  bool
}

// startLogWriter starts the goroutine that writes to w. The caller owns it
// and must call close.
func startLogWriter(w io.Writer) *logWriter {
	lw := &logWriter{w: w, ready: make(chan struct{}, 1), done: make(chan struct{})}
	lw.drained.L = &lw.mu
	go lw.run()
	return lw
}

// writeLine queues line (which the caller may reuse) for writing. After
// close, it writes at once.
func (lw *logWriter) writeLine(line []byte) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if lw.closed {
		_, _ = lw.w.Write(line)
		return
	}
	for len(lw.pending) > maxPendingLog && !lw.closed {
		lw.drained.Wait()
	}
	lw.pending = append(lw.pending, line...)
	select {
	case lw.ready <- struct{}{}:
	default:
	}
}

// run writes pending lines until close.
func (lw *logWriter) run() {
	defer close(lw.done)
	var spare []byte
	for range lw.ready {
		lw.mu.Lock()
		b := lw.pending
		lw.pending = spare[:0]
		lw.drained.Broadcast()
		lw.mu.Unlock()
		if len(b) > 0 {
			_, _ = lw.w.Write(b)
		}
		spare = b
	}
}

// close writes the lines still pending and stops the goroutine. Lines
// written afterwards are written directly.
func (lw *logWriter) close() {
	lw.mu.Lock()
	lw.closed = true
	close(lw.ready)
	lw.drained.Broadcast()
	lw.mu.Unlock()
	<-lw.done
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if len(lw.pending) > 0 {
		_, _ = lw.w.Write(lw.pending)
	}
	lw.pending = nil
}
