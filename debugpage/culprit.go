package debugpage

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strings"

	"github.com/devserve/devserve/templates"
)

// Culprit is the operand of a frame's line found nil when the line
// dereferenced it: "d" in "total * d.percent", of type *main.discount.
type Culprit struct {
	Expr   string `json:"expr"`
	Type   string `json:"type"`
	Column int    `json:"column"` // of Expr on the line, from 1, in bytes
}

// String says what the culprit is: "d is nil (*main.discount)".
func (c *Culprit) String() string {
	return c.Expr + " is nil (" + c.Type + ")"
}

// findCulprit names, for a panic on a nil pointer dereference or an
// assignment to a nil map, the operand of the failing frame's line that
// is nil, from the line's syntax and the frame's variables.
func findCulprit(rep *Report) {
	mapWrite := strings.Contains(rep.Title, "assignment to entry in nil map")
	if !mapWrite && !strings.Contains(rep.Title, "nil pointer dereference") || len(rep.Sections) == 0 {
		return
	}
	frames := rep.Sections[0].Frames
	if len(frames) == 0 || !frames[0].inspected {
		return
	}
	f := &frames[0]
	for _, op := range operands(f.File, f.Line, mapWrite) {
		if v := lookup(f, op.path); v != nil && v.Nil {
			f.Culprit = &Culprit{Expr: op.text, Type: v.Type, Column: op.col}
			return
		}
	}
}

// operand is an expression of a line that the line dereferences.
type operand struct {
	text string   // as written: "c.owner"
	path []string // its identifier and field names: ["c", "owner"]
	col  int
}

// operands returns the expressions the given line of file dereferences
// (the left side of a selector, the operand of *), or those it indexes
// to assign to with mapWrite set, innermost and leftmost first; only
// those written as a variable and fields, which the frame's variables
// can resolve.
func operands(file string, line int, mapWrite bool) []operand {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	var ops []operand
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil || fset.Position(n.Pos()).Line > line || fset.Position(n.End()).Line < line {
			return false // nothing inside is on the line
		}
		if x := dereferenced(n, mapWrite); x != nil && fset.Position(x.Pos()).Line == line {
			if path := fieldPath(x); path != nil {
				ops = append(ops, operand{text: strings.Join(path, "."), path: path, col: fset.Position(x.Pos()).Column})
			}
		}
		return true
	})
	slices.SortStableFunc(ops, func(a, b operand) int { return len(a.path) - len(b.path) })
	return ops
}

// dereferenced returns the expression n dereferences, or nil.
func dereferenced(n ast.Node, mapWrite bool) ast.Expr {
	switch n := n.(type) {
	case *ast.SelectorExpr:
		return n.X
	case *ast.StarExpr:
		return n.X
	case *ast.IndexExpr:
		if mapWrite {
			return n.X
		}
	}
	return nil
}

// fieldPath returns the identifiers of x when it is a variable or a
// chain of fields of one (parentheses allowed), else nil.
func fieldPath(x ast.Expr) []string {
	switch x := x.(type) {
	case *ast.Ident:
		return []string{x.Name}
	case *ast.ParenExpr:
		return fieldPath(x.X)
	case *ast.SelectorExpr:
		if p := fieldPath(x.X); p != nil {
			return append(p, x.Sel.Name)
		}
	}
	return nil
}

// lookup resolves path in f's variables: a variable, then its fields,
// through pointers. It returns nil where the variables do not tell.
func lookup(f *Frame, path []string) *Var {
	v := findVar(f.Locals, path[0])
	if v == nil {
		v = findVar(f.Args, path[0])
	}
	for _, name := range path[1:] {
		for v != nil && (v.Kind == "ptr" || v.Kind == "interface") && len(v.Children) == 1 {
			v = &v.Children[0]
		}
		if v == nil || v.Kind != "struct" {
			return nil
		}
		v = findVar(v.Children, name)
	}
	return v
}

// findVar returns the variable of vars named name; the last one, which
// shadows the others.
func findVar(vars []Var, name string) *Var {
	for i := len(vars) - 1; i >= 0; i-- {
		if vars[i].Name == name {
			return &vars[i]
		}
	}
	return nil
}

// markCulprit returns src with the culprit's tokens on the current line
// marked, drawn again; src itself, which the cache shares, is left as it
// is.
func markCulprit(src *templates.Source, c *Culprit) *templates.Source {
	if src == nil || c == nil || src.HTML == "" {
		return src
	}
	marked := *src
	marked.Lines = slices.Clone(src.Lines)
	for i := range marked.Lines {
		l := &marked.Lines[i]
		if l.Current {
			l.Tokens = markTokens(l.Tokens, c.Column, c.Column+len(c.Expr))
		}
	}
	html, err := templates.RenderSource(&marked)
	if err != nil {
		return src
	}
	marked.HTML = html
	return &marked
}

// markTokens returns a copy of tokens with those that lie within the
// columns [from, to) given the class nilop.
func markTokens(tokens []templates.Token, from, to int) []templates.Token {
	out := slices.Clone(tokens)
	col := 1
	for i := range out {
		end := col + len(out[i].Text)
		if col >= from && end <= to && strings.TrimSpace(out[i].Text) != "" {
			out[i].Class = strings.TrimSpace(out[i].Class + " nilop")
		}
		col = end
	}
	return out
}
