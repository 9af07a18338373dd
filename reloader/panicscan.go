package reloader

import (
	"bytes"
	"regexp"
	"strings"
)

// servingPanicRE matches the line net/http logs when it recovers a panic
// of a handler, after any log prefix.
var servingPanicRE = regexp.MustCompile(`http: panic serving (\S+): `)

// ansiRE matches the escape sequences that colour terminal output.
var ansiRE = regexp.MustCompile("\x1b\\[[0-9;]*m")

// maxPanicBlock bounds a recovered panic's block: net/http prints at most
// 64 KiB of stack.
const maxPanicBlock = 128 << 10

// panicBlock is one handler panic the app logged: net/http's block, or
// that of a framework's recovery middleware.
type panicBlock struct {
	remote    string // the client address net/http logged; "" for a framework
	framework string // "gin", "chi", "echo" or "recover" (the README's form for echo v5 and fiber); "" for net/http
	forwarded string // the request's debugpage.ForwardedHeader, when the block dumps its headers
	block     []byte // the block as logged, without colour or the forwarded header's value
	begun     bool   // in a panicQueue: a block has begun, this is not one
}

// panicScanner reads an app's output, line by line, for the blocks
// net/http logs when it recovers a handler panic (the "http: panic
// serving ADDR: VALUE" line, then the handler goroutine's stack) and those
// the recovery middleware of gin, chi and echo log. It hands each complete
// block to found. A net/http block ends after its "created by" frame, at a
// blank line, or when the output ends; a framework's where its format
// does.
type panicScanner struct {
	found func(panicBlock)
	begun func() // called as a block begins, before its found; may be nil

	partial   []byte     // the start of a line not yet ended
	cur       panicBlock // the block being read; cur.block is nil outside one
	createdBy bool       // the block's "created by" line was read: its file line ends it
	frames    bool       // gin: the block's stack has begun
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
	if bytes.IndexByte(line, 0x1b) >= 0 {
		text = ansiRE.ReplaceAllString(text, "")
	}
	if s.start(text) {
		return
	}
	if s.cur.block == nil {
		return
	}
	if !s.continues(text) {
		s.flush()
		s.start(text)
		return
	}
	s.appendLine(text)
	if s.ends(text) || len(s.cur.block) > maxPanicBlock {
		s.flush()
	}
}

// start begins a block if text starts one, and reports whether it did.
func (s *panicScanner) start(text string) bool {
	if m := servingPanicRE.FindStringSubmatchIndex(text); m != nil {
		s.begin(panicBlock{remote: text[m[2]:m[3]]}, text[m[0]:])
		return true
	}
	framework, first := frameworkStart(text)
	if framework == "" {
		return false
	}
	s.begin(panicBlock{framework: framework}, first)
	if framework == "echo" { // one line holds it all
		s.flush()
	}
	return true
}

// begin starts reading block b, whose first line is first.
func (s *panicScanner) begin(b panicBlock, first string) {
	s.flush()
	if s.begun != nil {
		s.begun()
	}
	s.cur = b
	s.appendLine(first)
}

// appendLine adds text to the block being read.
func (s *panicScanner) appendLine(text string) {
	if s.cur.framework == "gin" {
		text = s.ginLine(text)
	}
	s.cur.block = append(s.cur.block, text...)
	s.cur.block = append(s.cur.block, '\n')
	if strings.HasPrefix(strings.TrimLeft(text, " \t"), "created by ") {
		s.createdBy = true
	}
}

// continues reports whether text belongs to the block being read.
func (s *panicScanner) continues(text string) bool {
	switch s.cur.framework {
	case "", "recover":
		return text != ""
	case "chi":
		return text == "" || strings.HasPrefix(text, " ")
	case "gin":
		return !s.frames || isGinFrame(text) || strings.HasPrefix(text, "\t")
	}
	return false
}

// ends reports whether text, just added, is the last line of the block.
func (s *panicScanner) ends(text string) bool {
	return s.createdBy && strings.HasPrefix(text, "\t") ||
		s.createdBy && s.cur.framework == "chi" && strings.HasPrefix(text, "      ")
}

// ginLine notes what a line of gin's block says and returns it as the
// block keeps it: without the forwarded header's value.
func (s *panicScanner) ginLine(text string) string {
	if isGinFrame(text) {
		s.frames = true
	}
	if v, ok := forwardedLine(text); ok && !s.frames && s.cur.forwarded == "" {
		s.cur.forwarded = v
		return text[:len(text)-len(v)] + "[withheld]"
	}
	return text
}

// flush hands over the block being read, if any.
func (s *panicScanner) flush() {
	if s.cur.block != nil {
		s.found(s.cur)
	}
	s.cur, s.createdBy, s.frames = panicBlock{}, false, false
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
