package proxy

import (
	"bytes"
	"io"
)

// maxHeadTag bounds how many bytes of an opening <head ...> tag are held
// back while looking for its closing '>'. A longer tag is taken as no tag,
// and the script goes at the end of the page instead.
const maxHeadTag = 4 << 10

// inserter puts a tag into an HTML stream exactly once, holding back no
// more than a possibly incomplete tag: right after the opening <head>
// tag, or right before <body> when that comes first, or else at the end.
// The zero value is not usable; set tag.
type inserter struct {
	tag  []byte
	held []byte // bytes that may start the tag being looked for
	done bool   // tag has been emitted
}

// next takes the next chunk of the stream and returns the bytes that can
// be emitted now. The result may alias chunk.
func (s *inserter) next(chunk []byte) []byte {
	if s.done {
		return chunk
	}
	b := chunk
	if len(s.held) > 0 {
		b = append(s.held, chunk...)
		s.held = nil
	}
	at, keep := insertionPoint(b)
	if at >= 0 {
		s.done = true
		out := make([]byte, 0, len(b)+len(s.tag))
		out = append(out, b[:at]...)
		out = append(out, s.tag...)
		return append(out, b[at:]...)
	}
	s.held = append([]byte(nil), b[keep:]...)
	return b[:keep]
}

// end returns what is left to emit when the stream ends: the held bytes
// and, if it has not been placed yet, the tag.
func (s *inserter) end() []byte {
	if s.done {
		return nil
	}
	s.done = true
	out := append(s.held, s.tag...)
	s.held = nil
	return out
}

// insertionPoint returns where the tag goes in b (at >= 0), or, when b
// holds no such place yet, keep: the index of the first byte that may
// begin one once more bytes arrive (len(b) when none may).
func insertionPoint(b []byte) (at, keep int) {
	for i := 0; ; i++ {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			return -1, len(b)
		}
		i += j
		rest := b[i+1:]
		switch {
		case openTag(rest, "body") == matched:
			return i, 0
		case openTag(rest, "head") == matched:
			end := bytes.IndexByte(rest, '>')
			if end >= 0 {
				return i + 1 + end + 1, 0
			}
			if len(rest) < maxHeadTag {
				return -1, i
			}
		case openTag(rest, "body") == partial, openTag(rest, "head") == partial:
			return -1, i
		}
	}
}

// tagMatch says whether bytes after a '<' open a given element.
type tagMatch int

const (
	unmatched tagMatch = iota
	partial            // too few bytes to tell
	matched
)

// openTag reports whether b, the bytes after a '<', begins the opening
// tag of the element name (lower case): the name in any case, then a
// space, '/' or '>'.
func openTag(b []byte, name string) tagMatch {
	n := min(len(b), len(name))
	if !bytes.EqualFold(b[:n], []byte(name[:n])) {
		return unmatched
	}
	if len(b) <= len(name) {
		return partial
	}
	switch b[len(name)] {
	case ' ', '\t', '\n', '\r', '\f', '/', '>':
		return matched
	}
	return unmatched
}

// injectReader is an HTML body with a tag inserted by an inserter; it
// returns data as soon as the underlying body does, so streamed pages
// stay streamed.
type injectReader struct {
	src   io.ReadCloser
	ins   inserter
	buf   []byte // read buffer
	out   []byte // bytes ready to be returned
	eof   bool   // src is exhausted and the tag emitted
	extra io.Closer
}

// newInjectReader returns src with tag inserted once. Closing it closes
// src and, if non-nil, extra (a decompressor's source, for instance).
func newInjectReader(src io.ReadCloser, tag []byte, extra io.Closer) *injectReader {
	return &injectReader{src: src, ins: inserter{tag: tag}, extra: extra}
}

// Read implements io.Reader.
func (r *injectReader) Read(p []byte) (int, error) {
	for len(r.out) == 0 {
		if r.eof {
			return 0, io.EOF
		}
		if r.ins.done {
			return r.src.Read(p)
		}
		if err := r.fill(); err != nil {
			return 0, err
		}
	}
	n := copy(p, r.out)
	r.out = r.out[n:]
	return n, nil
}

// fill reads once from src and moves what can be emitted to r.out.
func (r *injectReader) fill() error {
	if r.buf == nil {
		r.buf = make([]byte, 32<<10)
	}
	n, err := r.src.Read(r.buf)
	r.out = r.ins.next(r.buf[:n]) // may alias r.buf, refilled only once r.out is drained
	switch {
	case err == io.EOF:
		r.out = append(r.out, r.ins.end()...)
		r.eof = true
	case err != nil:
		return err
	}
	return nil
}

// Close closes the body.
func (r *injectReader) Close() error {
	err := r.src.Close()
	if r.extra != nil {
		if cerr := r.extra.Close(); err == nil {
			err = cerr
		}
	}
	return err
}
