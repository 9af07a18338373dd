package proxy

import (
	"bytes"
	"io"
	"sync"
	"time"
)

// Line is one line of output, numbered from 1 in the order written.
type Line struct {
	N      int64     `json:"n"`
	Time   time.Time `json:"time"`
	Stream string    `json:"stream" jsonschema:"the writer it came through: stdout or stderr, or a companion process's name"`
	Text   string    `json:"text"`
}

// Output keeps the last lines written through its writers, numbered, for
// the agents' logs: give the engine's Stdout and Stderr to Writer. Its
// zero value is ready to use; each field documents its default. An Output
// is safe for concurrent use and must not be copied or have its fields
// changed after first use.
type Output struct {
	// Max is how many lines are kept. If zero, 5000 are.
	Max int

	mu    sync.Mutex // guards the fields below
	ring  []Line     // the last lines; the oldest at start once full
	start int
	next  int64 // the number of the next line
}

const (
	defaultMaxLines = 5000
	// maxLineBytes bounds a line kept: the rest is cut, and a longer
	// unfinished line is kept in pieces.
	maxLineBytes = 8 << 10
)

// Writer returns a writer that passes what it is given to w and keeps
// its lines under the name stream. A line is kept once its newline is
// written; each writer holds its own unfinished line. Writes to the
// returned writer must not be concurrent.
func (o *Output) Writer(stream string, w io.Writer) io.Writer {
	return &outputWriter{o: o, w: w, stream: stream}
}

// outputWriter is one writer of an Output.
type outputWriter struct {
	o       *Output
	w       io.Writer
	stream  string
	partial []byte // the line written so far, without its newline
}

func (ow *outputWriter) Write(p []byte) (int, error) {
	n, err := ow.w.Write(p)
	ow.keep(p[:n], time.Now())
	return n, err
}

// keep adds the lines p ends, and holds what follows the last newline.
func (ow *outputWriter) keep(p []byte, now time.Time) {
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			ow.partial = append(ow.partial, p...)
			for len(ow.partial) > maxLineBytes {
				ow.o.add(ow.stream, ow.partial[:maxLineBytes], now)
				ow.partial = append(ow.partial[:0], ow.partial[maxLineBytes:]...)
			}
			return
		}
		line := p[:i]
		if len(ow.partial) > 0 {
			line = append(ow.partial, line...)
			ow.partial = ow.partial[:0]
		}
		ow.o.add(ow.stream, bytes.TrimSuffix(line, []byte("\r")), now)
		p = p[i+1:]
	}
}

// add keeps one line.
func (o *Output) add(stream string, text []byte, now time.Time) {
	l := Line{Time: now, Stream: stream, Text: string(text[:min(len(text), maxLineBytes)])}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.next++
	l.N = o.next
	limit := o.Max
	if limit <= 0 {
		limit = defaultMaxLines
	}
	if len(o.ring) < limit {
		o.ring = append(o.ring, l)
		return
	}
	o.ring[o.start] = l
	o.start = (o.start + 1) % len(o.ring)
}

// Lines returns at most n of the lines kept: the last n if after is
// negative, else the first n of those numbered above after. more says
// whether lines after those returned are kept, and skipped how many lines
// after after were forgotten before they could be read.
func (o *Output) Lines(after int64, n int) (lines []Line, more bool, skipped int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	first := o.next - int64(len(o.ring)) + 1 // the number of the oldest line kept
	from := first
	switch {
	case after < 0:
		from = max(first, o.next-int64(n)+1)
	case after+1 < first:
		skipped = first - after - 1
	default:
		from = after + 1
	}
	to := min(o.next, from+int64(n)-1)
	for num := from; num <= to; num++ {
		lines = append(lines, o.ring[(o.start+int(num-first))%len(o.ring)])
	}
	return lines, to < o.next, skipped
}

// Last returns the number of the last line written, 0 if none.
func (o *Output) Last() int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.next
}
