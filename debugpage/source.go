package debugpage

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/devserve/devserve/templates"
)

const (
	// maxSourceSize bounds the files read for source context.
	maxSourceSize = 2 << 20
	// maxCachedFiles bounds the source cache; it is emptied when full.
	maxCachedFiles = 512
	// maxFunctionLines bounds the enclosing function shown on expand;
	// longer functions show only the context lines.
	maxFunctionLines = 400
)

// sourceCache holds highlighted source files, keyed by path and checked
// against the file's modification time and size on every use, so a
// changed file is read again. Its zero value is ready to use.
type sourceCache struct {
	mu    sync.Mutex // guards files
	files map[string]*sourceFile
}

// sourceFile is one source file as read. Its lines are highlighted a
// window at a time, on demand, and its functions found on first need;
// both are cached with it.
type sourceFile struct {
	path  string
	mod   time.Time
	size  int64
	src   []byte
	start []int // the offset of each line in src
	// partial is set when src is only the first lines of the file, as
	// many as the frames read so far needed.
	partial bool

	funcsOnce sync.Once
	funcs     []span // the Go functions and function literals, for expanding

	mu      sync.Mutex // guards windows and drawn
	windows map[span][][]templates.Token
	drawn   map[view]*templates.Source
}

// view identifies a frame's source as drawn: the lines shown, the
// frame's line and the context lines among them.
type view struct {
	shown, context span
	line           int
}

// span is a range of lines, 1-based and inclusive.
type span struct{ start, end int }

// get returns the file at path, read on first use or when it changed,
// through the end of line upTo: whole if upTo < 1. A frame that shows
// only the lines around its own needs no more, and library files are
// often large.
func (c *sourceCache) get(path string, upTo int) (*sourceFile, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if fi.Size() > maxSourceSize {
		return nil, fmt.Errorf("%s is too large to show (%d bytes)", path, fi.Size())
	}
	c.mu.Lock()
	f := c.files[path]
	c.mu.Unlock()
	if f != nil && f.mod.Equal(fi.ModTime()) && f.size == fi.Size() {
		if f.has(upTo) {
			return f, nil
		}
		upTo = 0 // a second frame further down: read the rest too, once
	}
	src, whole, err := readLines(path, upTo, fi.Size())
	if err != nil {
		return nil, err
	}
	f = newSourceFile(path, fi.ModTime(), src)
	if f.partial = !whole; f.partial {
		f.size = fi.Size()
	}
	c.mu.Lock()
	if c.files == nil || len(c.files) >= maxCachedFiles {
		c.files = make(map[string]*sourceFile)
	}
	c.files[path] = f
	c.mu.Unlock()
	return f, nil
}

// has reports whether f holds the file through line upTo (all of it if
// upTo < 1).
func (f *sourceFile) has(upTo int) bool {
	return !f.partial || upTo > 0 && f.lineCount() >= upTo
}

// readLines reads the file at path, of the given size, through the end of
// line upTo, or whole if upTo < 1, and reports whether it read it whole.
func readLines(path string, upTo int, size int64) (src []byte, whole bool, err error) {
	if upTo < 1 {
		src, err = os.ReadFile(path)
		return src, true, err
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	defer fh.Close()
	src = make([]byte, 0, min(int(size)+1, 4<<10+upTo*48)) // lines average under 48 bytes
	for {
		if len(src) == cap(src) {
			src = slices.Grow(src, cap(src))
		}
		n, err := fh.Read(src[len(src):cap(src)])
		read := src[len(src) : len(src)+n]
		src = src[:len(src)+n]
		if end, ok := afterLines(read, &upTo); ok {
			return src[:len(src)-n+end], false, nil
		}
		if err == io.EOF {
			return src, true, nil
		}
		if err != nil {
			return nil, false, err
		}
	}
}

// afterLines counts *lines down by the newlines in b and, if it reaches
// zero, returns the offset just past the newline that made it.
func afterLines(b []byte, lines *int) (int, bool) {
	off := 0
	for *lines > 0 {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			return 0, false
		}
		off += i + 1
		*lines--
	}
	return off, true
}

func newSourceFile(path string, mod time.Time, src []byte) *sourceFile {
	f := &sourceFile{path: path, mod: mod, size: int64(len(src)), src: src}
	if len(src) == 0 {
		return f
	}
	f.start = make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 || off+i+1 == len(src) {
			return f
		}
		off += i + 1
		f.start = append(f.start, off)
	}
}

// lineCount returns the number of lines of the file.
func (f *sourceFile) lineCount() int { return len(f.start) }

// lines returns lines first to last (1-based, inclusive), highlighted.
// The window is highlighted on its own, so a construct that spans lines
// (a raw string, a block comment) opened before it is not recognised.
func (f *sourceFile) lines(first, last int) [][]templates.Token {
	w := span{first, last}
	f.mu.Lock()
	defer f.mu.Unlock()
	if hl, ok := f.windows[w]; ok {
		return hl
	}
	end := len(f.src)
	if last < len(f.start) {
		end = f.start[last]
	}
	hl := highlight(f.path, string(f.src[f.start[first-1]:end]))
	for len(hl) < last-first+1 {
		hl = append(hl, nil)
	}
	if f.windows == nil {
		f.windows = make(map[span][][]templates.Token)
	}
	f.windows[w] = hl
	return hl
}

// text returns lines first to last (1-based, inclusive) as they are in
// the file, without their line endings.
func (f *sourceFile) text(first, last int) []string {
	out := make([]string, 0, last-first+1)
	for n := first; n <= last; n++ {
		end := len(f.src)
		if n < len(f.start) {
			end = f.start[n]
		}
		out = append(out, strings.TrimRight(string(f.src[f.start[n-1]:end]), "\r\n"))
	}
	return out
}

// funcSpans returns the line spans of the functions and function literals
// of a Go file; a file with syntax errors yields what the parser found.
func funcSpans(src []byte) []span {
	fset := token.NewFileSet()
	file, _ := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if file == nil {
		return nil
	}
	var out []span
	ast.Inspect(file, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			out = append(out, span{fset.Position(n.Pos()).Line, fset.Position(n.End()).Line})
		}
		return true
	})
	return out
}

// source returns the drawn source for v, drawing it on first use.
func (f *sourceFile) source(v view) (*templates.Source, error) {
	f.mu.Lock()
	src, ok := f.drawn[v]
	f.mu.Unlock()
	if ok {
		return src, nil
	}
	src, err := f.draw(v, nil)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	if f.drawn == nil {
		f.drawn = make(map[view]*templates.Source)
	}
	f.drawn[v] = src
	f.mu.Unlock()
	return src, nil
}

// marked draws the lines of shown, each with the marks of its number:
// the lines of a group of build errors. It is not cached: the marks are
// the page's own.
func (f *sourceFile) marked(shown span, marks map[int][]templates.Mark) (*templates.Source, error) {
	return f.draw(view{shown: shown, context: shown}, marks)
}

// draw draws the lines v shows, the lines with marks and v's line marked
// current.
func (f *sourceFile) draw(v view, marks map[int][]templates.Mark) (*templates.Source, error) {
	hl := f.lines(v.shown.start, v.shown.end)
	src := &templates.Source{
		HasFunction: v.shown != v.context,
		Lines:       make([]templates.Line, 0, v.shown.end-v.shown.start+1),
	}
	for n := v.shown.start; n <= v.shown.end; n++ {
		src.Lines = append(src.Lines, templates.Line{
			N:       n,
			Current: n == v.line || len(marks[n]) > 0,
			Context: v.context.start <= n && n <= v.context.end,
			Tokens:  hl[n-v.shown.start],
			Marks:   marks[n],
		})
	}
	html, err := templates.RenderSource(src)
	src.HTML = html
	return src, err
}

// enclosing returns the innermost Go function around line, if any. The
// file is parsed on the first call.
func (f *sourceFile) enclosing(line int) (span, bool) {
	if filepath.Ext(f.path) != ".go" {
		return span{}, false
	}
	f.funcsOnce.Do(func() { f.funcs = funcSpans(f.src) })
	var best span
	found := false
	for _, s := range f.funcs {
		if s.start <= line && line <= s.end && (!found || s.end-s.start < best.end-best.start) {
			best, found = s, true
		}
	}
	return best, found
}
