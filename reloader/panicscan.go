package reloader

import (
	"bytes"
	"regexp"
	"strings"
)

// servingPanicRE matches the line net/http logs when it recovers a panic
// of a handler, after any log prefix.
var servingPanicRE = regexp.MustCompile(`http: panic serving (\S+): `)

// maxPanicBlock bounds a recovered panic's block: net/http prints at most
// 64 KiB of stack.
const maxPanicBlock = 128 << 10

// panicScanner reads an app's stderr, line by line, for the blocks
// net/http logs when it recovers a handler panic: the "http: panic serving
// ADDR: VALUE" line, then the handler goroutine's stack. It hands each
// complete block to found. A block ends after its "created by" frame, at a
// blank line, or when the output ends.
type panicScanner struct {
	found func(remote string, block []byte)

	partial   []byte // the start of a line not yet ended
	block     []byte // the block being read; nil outside one
	remote    string // the client address of the block being read
	createdBy bool   // the block's "created by" line was read: its file line ends it
}

// Write scans p. It never fails.
func (s *panicScanner) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			s.partial = append(s.partial, p...)
			break
		}
		line := p[:i+1]
		if len(s.partial) > 0 {
			line = append(s.partial, line...)
			s.partial = nil
		}
		s.line(line)
		p = p[i+1:]
	}
	return n, nil
}

// line handles one line, with its newline.
func (s *panicScanner) line(line []byte) {
	text := strings.TrimRight(string(line), "\r\n")
	if m := servingPanicRE.FindStringSubmatchIndex(text); m != nil {
		s.flush()
		s.remote = text[m[2]:m[3]]
		s.block = append([]byte(nil), text[m[0]:]...)
		s.block = append(s.block, '\n')
		return
	}
	if s.block == nil {
		return
	}
	if text == "" {
		s.flush()
		return
	}
	s.block = append(s.block, text...)
	s.block = append(s.block, '\n')
	switch {
	case strings.HasPrefix(text, "created by "):
		s.createdBy = true
	case s.createdBy && strings.HasPrefix(text, "\t"), len(s.block) > maxPanicBlock:
		s.flush()
	}
}

// flush hands over the block being read, if any.
func (s *panicScanner) flush() {
	if s.block != nil {
		s.found(s.remote, s.block)
	}
	s.block, s.remote, s.createdBy = nil, "", false
}

// Close ends the output: a block still being read is handed over.
func (s *panicScanner) Close() error {
	if len(s.partial) > 0 {
		s.line(append(s.partial, '\n'))
		s.partial = nil
	}
	s.flush()
	return nil
}
