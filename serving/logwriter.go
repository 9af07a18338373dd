package serving

import (
	"io"
	"sync"
	"time"
)

const (
	// logLinger is how long the log writer waits after a line arrives
	// before writing, so that a busy server makes one write for many
	// lines instead of one per request. People do not notice 10ms.
	logLinger = 10 * time.Millisecond

	// maxPendingLog bounds the log lines waiting to be written; a request
	// that finds more waits for the writer to catch up.
	maxPendingLog = 1 << 20
)

// logWriter writes request-log lines from a goroutine of its own, so that
// no request waits on the log's writes, and gathers the lines that arrive
// within linger of each other into one write. Write errors are dropped:
// the log has nowhere to report them.
type logWriter struct {
	w      io.Writer
	linger time.Duration
	ready  chan struct{} // holds a token while pending has lines
	stop   chan struct{} // closed by close: write what is pending at once
	done   chan struct{} // closed when the goroutine has exited

	mu      sync.Mutex // guards pending, closed
	drained sync.Cond  // signalled when pending is emptied
	pending []byte
	closed  bool
}

// startLogWriter starts the goroutine that writes to w, gathering lines
// for linger before each write. The caller owns the goroutine and must
// call close.
func startLogWriter(w io.Writer, linger time.Duration) *logWriter {
	lw := &logWriter{
		w:      w,
		linger: linger,
		ready:  make(chan struct{}, 1),
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
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
		lw.pending = append(lw.pending[:0], line...) // line must not escape
		_, _ = lw.w.Write(lw.pending)
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
		lw.wait()
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

// wait lets lines gather for linger, or until close.
func (lw *logWriter) wait() {
	if lw.linger <= 0 {
		return
	}
	t := time.NewTimer(lw.linger)
	defer t.Stop()
	select {
	case <-t.C:
	case <-lw.stop:
	}
}

// close writes the lines still pending and stops the goroutine. Lines
// written afterwards are written directly.
func (lw *logWriter) close() {
	lw.mu.Lock()
	lw.closed = true
	close(lw.stop)
	close(lw.ready)
	lw.drained.Broadcast()
	lw.mu.Unlock()
	<-lw.done
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if len(lw.pending) > 0 {
		_, _ = lw.w.Write(lw.pending)
	}
	lw.pending = lw.pending[:0]
}
