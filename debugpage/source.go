package debugpage

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
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

// get returns the file at path, read on first use or when it changed.
func (c *sourceCache) get(path string) (*sourceFile, error) {
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
		return f, nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f = newSourceFile(path, fi.ModTime(), src)
	c.mu.Lock()
	if c.files == nil || len(c.files) >= maxCachedFiles {
		c.files = make(map[string]*sourceFile)
	}
	c.files[path] = f
	c.mu.Unlock()
	return f, nil
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
	hl := f.lines(v.shown.start, v.shown.end)
	src = &templates.Source{
		HasFunction: v.shown != v.context,
		Lines:       make([]templates.Line, 0, v.shown.end-v.shown.start+1),
	}
	for n := v.shown.start; n <= v.shown.end; n++ {
		src.Lines = append(src.Lines, templates.Line{
			N:       n,
			Current: n == v.line,
			Context: v.context.start <= n && n <= v.context.end,
			Tokens:  hl[n-v.shown.start],
		})
	}
	html, err := templates.RenderSource(src)
	if err != nil {
		return nil, err
	}
	src.HTML = html
	f.mu.Lock()
	if f.drawn == nil {
		f.drawn = make(map[view]*templates.Source)
	}
	f.drawn[v] = src
	f.mu.Unlock()
	return src, nil
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
