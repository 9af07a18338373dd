package reloader

import (
	"bytes"
	"sync"
)

// tail keeps the last max bytes of the app's output, its two streams
// interleaved line by line as they came, cut at a line start.
type tail struct {
	mu  sync.Mutex // guards buf
	max int
	buf []byte
}

// add appends lines, each ended by a newline.
func (t *tail) add(lines []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, lines...)
	if over := len(t.buf) - t.max; over > 0 {
		cut := over
		if i := bytes.IndexByte(t.buf[over:], '\n'); i >= 0 {
			cut += i + 1
		}
		t.buf = append(t.buf[:0], t.buf[cut:]...)
	}
}

// bytes returns a copy of what the tail holds.
func (t *tail) bytes() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	return bytes.Clone(t.buf)
}

// maxPartial bounds the start of a line a stream holds back until the
// line ends: a longer one goes to the tail in pieces.
const maxPartial = 64 << 10

// streamLines is one of the app's output streams, cut into whole lines
// for the tail, so that a line of stdout never lands inside one of
// stderr, and for the addresses the app says it listens on. Close hands
// over a last line without a newline.
type streamLines struct {
	tail    *tail
	heard   *heardAddrs
	partial []byte // the start of a line not yet ended
}

// Write hands the lines p ends to the tail and keeps the rest. It never
// fails.
func (s *streamLines) Write(p []byte) (int, error) {
	i := bytes.LastIndexByte(p, '\n')
	if i < 0 {
		s.partial = append(s.partial, p...)
		if len(s.partial) > maxPartial {
			s.flush()
		}
		return len(p), nil
	}
	lines := p[:i+1]
	if len(s.partial) > 0 {
		lines = append(s.partial, lines...)
	}
	s.add(lines)
	s.partial = append(s.partial[:0], p[i+1:]...)
	return len(p), nil
}

// Close hands over the line not yet ended, if any.
func (s *streamLines) Close() error {
	if len(s.partial) > 0 {
		s.flush()
	}
	return nil
}

// flush hands the line held back to the tail, ended.
func (s *streamLines) flush() {
	s.add(append(s.partial, '\n'))
	s.partial = nil
}

// add hands over lines, each ended by a newline.
func (s *streamLines) add(lines []byte) {
	s.tail.add(lines)
	s.heard.scan(lines)
}
