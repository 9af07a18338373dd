package debugpage

import (
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

// sourceFile is one highlighted file. It is not changed once cached.
type sourceFile struct {
	mod   time.Time
	size  int64
	lines [][]templates.Token
	funcs []span // the Go functions and function literals, for expanding
}

// span is a range of lines, 1-based and inclusive.
type span struct{ start, end int }

// get returns the file at path, read and highlighted on first use or when
// it changed.
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
	f, err = readSource(path, fi)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.files == nil || len(c.files) >= maxCachedFiles {
		c.files = make(map[string]*sourceFile)
	}
	c.files[path] = f
	c.mu.Unlock()
	return f, nil
}

// readSource reads, highlights and (for Go) parses the file at path.
func readSource(path string, fi os.FileInfo) (*sourceFile, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f := &sourceFile{mod: fi.ModTime(), size: int64(len(src)), lines: highlight(path, string(src))}
	if filepath.Ext(path) == ".go" {
		f.funcs = funcSpans(src)
	}
	return f, nil
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

// enclosing returns the innermost function around line, if any.
func (f *sourceFile) enclosing(line int) (span, bool) {
	var best span
	found := false
	for _, s := range f.funcs {
		if s.start <= line && line <= s.end && (!found || s.end-s.start < best.end-best.start) {
			best, found = s, true
		}
	}
	return best, found
}
