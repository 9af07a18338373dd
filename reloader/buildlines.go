package reloader

import (
	"bytes"
	"io"
	"sync"
)

// lineTee writes to w and hands each complete line written to onLine,
// if it is not nil.
type lineTee struct {
	w      io.Writer
	onLine func(string)
	part   []byte // the line under way
}

func (lw *lineTee) Write(p []byte) (int, error) {
	if lw.onLine != nil {
		rest := p
		for {
			i := bytes.IndexByte(rest, '\n')
			if i < 0 {
				lw.part = append(lw.part, rest...)
				break
			}
			lw.part = append(lw.part, rest[:i]...)
			lw.onLine(string(bytes.TrimSuffix(lw.part, []byte("\r"))))
			lw.part, rest = lw.part[:0], rest[i+1:]
		}
	}
	return lw.w.Write(p)
}

// flush hands on the last line, if it had no line ending.
func (lw *lineTee) flush() {
	if lw.onLine != nil && len(lw.part) > 0 {
		lw.onLine(string(lw.part))
		lw.part = nil
	}
}

// lineQueue hands the lines a build prints from its goroutine to the
// engine's without ever blocking the build.
type lineQueue struct {
	mu    sync.Mutex    // guards lines
	lines []string      // not yet taken
	ready chan struct{} // holds a token while lines is not empty
}

func newLineQueue() *lineQueue { return &lineQueue{ready: make(chan struct{}, 1)} }

// push adds a line.
func (q *lineQueue) push(line string) {
	q.mu.Lock()
	q.lines = append(q.lines, line)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// take returns the lines pushed so far and empties the queue.
func (q *lineQueue) take() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	l := q.lines
	q.lines = nil
	return l
}
