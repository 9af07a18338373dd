package debugpage

import (
	"strconv"
	"strings"
)

// maxVarLine bounds the one-line drawing of a variable.
const maxVarLine = 512

// Var is a variable of an inspected frame, or the value of an expression
// evaluated in one: a tree as the inspector loaded it, within its limits
// on string bytes, elements and depth.
type Var struct {
	Name string `json:"name,omitempty"`
	Type string `json:"type,omitempty"` // as Go spells it: "*main.discount", "map[string]int"
	// Kind is the reflect.Kind name of the type: "ptr", "struct",
	// "slice", "map", "string", "int", "interface", ...
	Kind string `json:"kind,omitempty"`
	// Value is a scalar's text, a string's bytes (as far as they were
	// loaded), or a channel's, function's or unloaded pointer's address.
	Value string `json:"value,omitempty"`
	Nil   bool   `json:"nil,omitempty"` // a nil pointer, map, slice, channel, function or interface
	Len   int64  `json:"len,omitempty"` // a string's bytes, an array's, slice's or map's elements
	Cap   int64  `json:"cap,omitempty"` // a slice's or channel's capacity
	// Children are a struct's fields, an array's or slice's elements, a
	// map's entries (each named by its key, drawn), a pointer's target and
	// an interface's dynamic value.
	Children []Var `json:"children,omitempty"`
	// Cut says that the limits left part of the value out: bytes of a
	// string, elements, or everything below a depth.
	Cut bool `json:"cut,omitempty"`
	// Expr evaluates to the value in its frame, for loading more of it;
	// empty when the path to it cannot be written (inside a map).
	Expr  string `json:"expr,omitempty"`
	Error string `json:"error,omitempty"` // why it could not be read
}

// Limits bound what an inspection loads of each value; a value cut by
// them is marked, and can be loaded again with larger limits.
type Limits struct {
	String int `json:"string,omitempty"` // bytes of a string; if zero, 256
	Elems  int `json:"elems,omitempty"`  // elements of an array, slice or map; if zero, 32
	Depth  int `json:"depth,omitempty"`  // levels of structs, elements and pointers below a variable; if zero, 3
}

// FrameVars are the variables an inspector read from one frame of a
// parked goroutine.
type FrameVars struct {
	Function string `json:"function"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	// Depth counts the frames from the panic to this one, the first
	// below the panic being 0: it names the frame to evaluate
	// expressions in, whatever the parked goroutine calls meanwhile.
	Depth int `json:"depth"`
	// Optimized says the frame's function was built with optimizations:
	// some of its variables may be missing or wrong.
	Optimized bool   `json:"optimized,omitempty"`
	Args      []Var  `json:"args,omitempty"`
	Locals    []Var  `json:"locals,omitempty"`
	Error     string `json:"error,omitempty"` // why its variables could not be read
}

// Line draws v on one line, as panic values are drawn ({Name:value},
// [a b], map[k:v], &{...}, <nil>), with strings quoted, what the limits
// left out marked with … and the whole cut at 512 bytes.
func (v *Var) Line() string {
	d := &varDrawing{}
	d.draw(v, 0)
	if d.full {
		return runePrefix(d.b.String(), maxVarLine-len("…")) + "…"
	}
	return d.b.String()
}

// varDrawing is the state of one Var.Line.
type varDrawing struct {
	b    strings.Builder
	full bool
}

func (d *varDrawing) write(s string) {
	if d.full {
		return
	}
	if room := maxVarLine - d.b.Len(); len(s) > room {
		s, d.full = runePrefix(s, room), true
	}
	d.b.WriteString(s)
}

// draw draws v nested depth deep.
func (d *varDrawing) draw(v *Var, depth int) {
	switch {
	case v.Error != "":
		d.write("<" + v.Error + ">")
	case v.Nil:
		d.write("<nil>")
	case depth > defaultMaxDepth:
		d.write("…")
	default:
		d.kind(v, depth)
	}
}

// kind draws a readable, non-nil v by its kind.
func (d *varDrawing) kind(v *Var, depth int) {
	switch v.Kind {
	case "string":
		d.write(strconv.Quote(v.Value))
		if v.Cut {
			d.write("… (" + strconv.FormatInt(v.Len, 10) + " bytes)")
		}
	case "ptr":
		d.pointer(v, depth)
	case "interface":
		if len(v.Children) == 1 {
			d.draw(&v.Children[0], depth)
			return
		}
		d.write(v.Value)
	case "struct":
		d.list(v, depth, "{", "}", ":", "fields")
	case "slice", "array":
		d.list(v, depth, "[", "]", "", "elements")
	case "map":
		d.list(v, depth, "map[", "]", ":", "entries")
	default:
		d.write(v.Value)
	}
}

// pointer draws & and the target, or the address when the target was
// not loaded.
func (d *varDrawing) pointer(v *Var, depth int) {
	if len(v.Children) == 1 && !v.Cut {
		d.write("&")
		d.draw(&v.Children[0], depth)
		return
	}
	d.write(v.Value)
}

// list draws a struct, slice, array or map: its children between open
// and end, each after its name and sep when sep is set, and how many the
// limits left out.
func (d *varDrawing) list(v *Var, depth int, open, end, sep, what string) {
	d.write(open)
	if v.Cut && len(v.Children) == 0 {
		d.write("…")
	}
	for i := range v.Children {
		if d.full {
			return
		}
		if i > 0 {
			d.write(" ")
		}
		c := &v.Children[i]
		if sep != "" {
			d.write(c.Name + sep)
		}
		d.draw(c, depth+1)
	}
	if left := v.Len - int64(len(v.Children)); v.Kind != "struct" && left > 0 && len(v.Children) > 0 {
		d.write(" … (" + strconv.FormatInt(left, 10) + " more " + what + ")")
	}
	d.write(end)
}

// textVars writes the variables of an inspected frame of the app under
// it, one "name = value" a line, after what may be wrong with them; the
// library's are in the HTML and JSON forms only.
func textVars(b *strings.Builder, f *Frame) {
	if f.Kind != FrameApp {
		return
	}
	if f.VarsNote != "" {
		b.WriteString("\t(" + f.VarsNote + ")\n")
	}
	if f.Culprit != nil {
		b.WriteString("\t" + f.Culprit.String() + "\n")
	}
	for _, list := range [][]Var{f.Args, f.Locals} {
		for i := range list {
			b.WriteString("\t" + list[i].Name + " = " + list[i].Line() + "\n")
		}
	}
}
