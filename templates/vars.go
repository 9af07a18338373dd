package templates

import "io"

// Vars are the variables of an inspected frame, and its console.
type Vars struct {
	Args, Locals []Var
	// Note says what may be wrong with the variables, or why there are
	// none.
	Note string
	// Depth names the frame to the console.
	Depth int
	// Console offers the console in the frame.
	Console bool
	// Culprit names the nil operand of the frame's line, for a nil
	// dereference: "d is nil (*main.discount)".
	Culprit string
}

// Var is one variable, or an expression's value, drawn: a line, and the
// children that expand below it.
type Var struct {
	Name  string
	Type  string
	Line  string // the value on one line
	Nil   bool   // a nil pointer, map, slice, channel, function or interface: drawn to stand out
	Error bool   // Line says why the value could not be read
	// More is the expression that loads more of a value the limits cut,
	// or empty.
	More     string
	Children []Var
	Open     bool // the children show when the page loads
}

// Console is what a page's console needs to reach the goroutine parked
// for the page.
type Console struct {
	Token string // sent with every request
	URL   string // the prefix of the requests' paths, ending in a slash
}

// WriteVar draws v as the page draws a variable, for a console answer.
func WriteVar(w io.Writer, v *Var) error {
	return debugTemplate().ExecuteTemplate(w, "var", v)
}
