package debugpage

import (
	"cmp"
	"fmt"
	"reflect"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
)

const (
	// defaultMaxDepth is a valueFormatter's nesting limit by default.
	defaultMaxDepth = 10
	// defaultMaxString is a valueFormatter's limit on a string inside a
	// value by default.
	defaultMaxString = 1 << 10
	// sortedKeys bounds the keys of a map read to draw its first ones in
	// order; of a larger map, the entries drawn are the first it yields.
	sortedKeys = 4 << 10
	// finiteSteps bounds the values one drawing looks at to decide whether
	// values are finite before calling their methods.
	finiteSteps = 100_000
	// finiteDepth bounds the references followed from a value whose
	// method is to be called.
	finiteDepth = 1000
)

// valueFormatter draws Go values as text that reads like fmt's %+v
// ({Name:value}, [a b], map[k:v], &{...}), but bounded and safe on any
// value:
//
//   - a pointer, slice or map met again inside itself is drawn as
//     <cycle T>, and nesting deeper than MaxDepth as …;
//   - slices, arrays and maps past MaxElems elements and strings past
//     MaxString bytes are cut with a count of what was left out, and the
//     whole text is cut at MaxLen bytes and ends with …;
//   - a pointer is followed wherever it is, not only at the top, except
//     that the standard library's unexported pointers and maps are drawn
//     as fmt draws them deep in a value, as an address and a count: they
//     lead to internals that other goroutines may be changing (a map read
//     while it is written is a fatal error) and to cycles of no interest
//     (a context and its children);
//   - a value's Error or String method is called, as fmt calls it, only
//     if the value is finite (it reaches no cycle, within limits on what
//     is looked at), so that neither the method nor a fmt call of its own
//     can recurse without end; a method that panics yields a note.
//
// A valueFormatter does not guard against methods that never return:
// FormatValue runs it under a timeout. Its zero value uses the defaults.
type valueFormatter struct {
	MaxDepth  int  // nesting of structs, slices, arrays and maps drawn; if zero, defaultMaxDepth
	MaxElems  int  // elements of a slice, array or map drawn; if zero, maxElems
	MaxString int  // bytes of a string or method result inside a value; if zero, defaultMaxString
	MaxLen    int  // bytes of the whole text; if zero, maxValueLen
	NoMethods bool // draw values by their structure only, calling no method

	// Main is the main module's path, whose packages are the program's
	// own even when their paths look like the standard library's. If
	// empty, it is read from the program's build info.
	Main string
}

// format draws v, calling its Error or String method if it has one.
func (f *valueFormatter) format(v any) string {
	d := f.start()
	d.value(reflect.ValueOf(v), 0)
	return d.text()
}

// describe formats v as the message of a panic: an error's Error(), a
// Stringer's String() and a string as they are, a number or boolean of an
// unnamed type as fmt prints it, and any other value (or one whose method
// panicked) drawn after its type in parentheses.
func (f *valueFormatter) describe(v any) string {
	d := f.start()
	switch v := v.(type) {
	case nil:
		return "nil"
	case string:
		return truncate(v, d.MaxLen)
	}
	rv := reflect.ValueOf(v)
	if name, m := d.methodOf(rv); m != nil {
		s, ok := call(rv, name, m)
		if ok {
			return truncate(s, d.MaxLen)
		}
		d.write("(" + rv.Type().String() + ") " + s)
		return d.text()
	}
	if rv.Type().PkgPath() != "" || !isScalar(rv.Kind()) {
		d.write("(" + rv.Type().String() + ") ")
	}
	d.plain(rv, 0)
	return d.text()
}

// drawing is the state of one call of a valueFormatter.
type drawing struct {
	valueFormatter // with the defaults filled in

	b      strings.Builder
	full   bool         // MaxLen was reached: the text is cut
	path   map[ref]bool // the references being drawn
	finite map[ref]bool // references known to be finite or not
	steps  int          // values the finite checks may still look at
}

// ref identifies a pointer, slice or map: a slice by its first element
// and length.
type ref struct {
	p   uintptr
	t   reflect.Type
	len int
}

// start returns a drawing with f's limits.
func (f *valueFormatter) start() *drawing {
	d := &drawing{valueFormatter: *f, path: make(map[ref]bool), finite: make(map[ref]bool), steps: finiteSteps}
	d.MaxDepth = cmp.Or(d.MaxDepth, defaultMaxDepth)
	d.MaxElems = cmp.Or(d.MaxElems, maxElems)
	d.MaxString = cmp.Or(d.MaxString, defaultMaxString)
	d.MaxLen = cmp.Or(d.MaxLen, maxValueLen)
	if bi, ok := debug.ReadBuildInfo(); d.Main == "" && ok {
		d.Main = bi.Main.Path
	}
	return d
}

// write appends s, cutting the text at MaxLen.
func (d *drawing) write(s string) {
	if d.full {
		return
	}
	if room := d.MaxLen - d.b.Len(); len(s) > room {
		s, d.full = runePrefix(s, room), true
	}
	d.b.WriteString(s)
}

// text returns what was drawn, ending with … if it was cut (within
// MaxLen all the same).
func (d *drawing) text() string {
	if d.full {
		return runePrefix(d.b.String(), d.MaxLen-len("…")) + "…"
	}
	return d.b.String()
}

// value draws v, nested depth deep, with its method if it has one.
func (d *drawing) value(v reflect.Value, depth int) {
	if v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if name, m := d.methodOf(v); m != nil {
		s, _ := call(v, name, m)
		d.write(truncate(s, d.MaxString))
		return
	}
	d.plain(v, depth)
}

// plain draws v by its kind, without calling a method of its own.
func (d *drawing) plain(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Invalid:
		d.write("<nil>")
	case reflect.Interface:
		d.value(v, depth)
	case reflect.Pointer:
		d.pointer(v, depth)
	case reflect.Struct:
		d.structure(v, depth)
	case reflect.Slice, reflect.Array:
		d.list(v, depth)
	case reflect.Map:
		d.mapping(v, depth)
	case reflect.String:
		d.write(truncate(v.String(), d.MaxString))
	case reflect.Chan, reflect.Func, reflect.UnsafePointer:
		d.address(v)
	default:
		d.write(scalar(v))
	}
}

// pointer draws a pointer as & and what it points to.
func (d *drawing) pointer(v reflect.Value, depth int) {
	if v.IsNil() {
		d.write("<nil>")
		return
	}
	if !d.enter(v) {
		return
	}
	defer d.leave(v)
	d.write("&")
	d.value(v.Elem(), depth)
}

// structure draws a struct as {Name:value ...}.
func (d *drawing) structure(v reflect.Value, depth int) {
	if d.deep(depth) {
		return
	}
	d.write("{")
	for i := range v.NumField() {
		if d.full {
			return
		}
		if i > 0 {
			d.write(" ")
		}
		sf := v.Type().Field(i)
		d.write(sf.Name + ":")
		if d.sealed(sf) {
			d.outline(v.Field(i))
			continue
		}
		d.value(v.Field(i), depth+1)
	}
	d.write("}")
}

// sealed reports whether the field sf is an unexported pointer or map
// of the standard library's, which the drawing does not look behind.
func (d *drawing) sealed(sf reflect.StructField) bool {
	k := sf.Type.Kind()
	return (k == reflect.Pointer || k == reflect.Map) && !sf.IsExported() && stdlibPath(sf.PkgPath, d.Main)
}

// outline draws a sealed pointer as its address and a sealed map as its
// number of entries.
func (d *drawing) outline(v reflect.Value) {
	switch {
	case v.Kind() == reflect.Pointer:
		d.address(v)
	case v.Len() == 0:
		d.write("map[]")
	default:
		d.write("map[… (" + strconv.Itoa(v.Len()) + " entries)]")
	}
}

// list draws a slice or an array as [a b ...].
func (d *drawing) list(v reflect.Value, depth int) {
	if d.deep(depth) || !d.enter(v) {
		return
	}
	defer d.leave(v)
	d.write("[")
	n := min(v.Len(), d.MaxElems)
	for i := range n {
		if d.full {
			return
		}
		if i > 0 {
			d.write(" ")
		}
		d.value(v.Index(i), depth+1)
	}
	d.more(v.Len()-n, n > 0, "elements")
	d.write("]")
}

// mapping draws a map as map[k:v ...], its keys in order as fmt sorts
// them.
func (d *drawing) mapping(v reflect.Value, depth int) {
	if d.deep(depth) || !d.enter(v) {
		return
	}
	defer d.leave(v)
	keys := mapKeys(v, max(d.MaxElems, sortedKeys))
	slices.SortStableFunc(keys, compareKeys)
	keys = keys[:min(len(keys), d.MaxElems)]
	d.write("map[")
	for i, k := range keys {
		if d.full {
			return
		}
		if i > 0 {
			d.write(" ")
		}
		d.value(k, depth+1)
		d.write(":")
		d.value(v.MapIndex(k), depth+1)
	}
	d.more(v.Len()-len(keys), len(keys) > 0, "entries")
	d.write("]")
}

// mapKeys returns the first n keys that the map v yields.
func mapKeys(v reflect.Value, n int) []reflect.Value {
	keys := make([]reflect.Value, 0, min(v.Len(), n))
	for it := v.MapRange(); len(keys) < n && it.Next(); {
		keys = append(keys, it.Key())
	}
	return keys
}

// address draws a channel, function, map or pointer as its address, as
// fmt does.
func (d *drawing) address(v reflect.Value) {
	if v.IsNil() {
		d.write("<nil>")
		return
	}
	d.write("0x" + strconv.FormatUint(uint64(v.Pointer()), 16))
}

// deep draws … and reports true if depth is past MaxDepth.
func (d *drawing) deep(depth int) bool {
	if depth < d.MaxDepth {
		return false
	}
	d.write("…")
	return true
}

// more says how many elements were left out, if any.
func (d *drawing) more(left int, space bool, what string) {
	if left <= 0 {
		return
	}
	if space {
		d.write(" ")
	}
	d.write("… (" + strconv.Itoa(left) + " more " + what + ")")
}

// enter marks the reference v as being drawn, or draws <cycle T> and
// reports false if it already is.
func (d *drawing) enter(v reflect.Value) bool {
	r, ok := refOf(v)
	if !ok {
		return true
	}
	if d.path[r] {
		d.write("<cycle " + v.Type().String() + ">")
		return false
	}
	d.path[r] = true
	return true
}

// leave ends what enter began.
func (d *drawing) leave(v reflect.Value) {
	if r, ok := refOf(v); ok {
		delete(d.path, r)
	}
}

// refOf returns the identity of v if it is a pointer, slice or map that
// refers to something.
func refOf(v reflect.Value) (ref, bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Map:
		return ref{p: v.Pointer(), t: v.Type()}, !v.IsNil()
	case reflect.Slice:
		return ref{p: v.Pointer(), t: v.Type(), len: v.Len()}, v.Len() > 0
	}
	return ref{}, false
}

// isScalar reports whether k is the kind of a boolean or a number.
func isScalar(k reflect.Kind) bool {
	return k >= reflect.Bool && k <= reflect.Complex128
}

// scalar formats a boolean or a number as fmt's %v does.
func scalar(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, v.Type().Bits())
	case reflect.Complex64, reflect.Complex128:
		return strconv.FormatComplex(v.Complex(), 'g', -1, v.Type().Bits())
	}
	return "?" + v.Kind().String()
}

// compareKeys orders map keys as fmt does for keys it compares by value
// (numbers, strings and booleans, and interfaces holding them, by kind
// first); other keys compare equal.
func compareKeys(a, b reflect.Value) int {
	if a.Kind() == reflect.Interface {
		a, b = a.Elem(), b.Elem()
	}
	if c := cmp.Compare(a.Kind(), b.Kind()); c != 0 {
		return c
	}
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmp.Compare(a.Int(), b.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return cmp.Compare(a.Uint(), b.Uint())
	case reflect.Float32, reflect.Float64:
		return cmp.Compare(a.Float(), b.Float())
	case reflect.String:
		return cmp.Compare(a.String(), b.String())
	case reflect.Bool:
		return cmp.Compare(strconv.FormatBool(a.Bool()), strconv.FormatBool(b.Bool()))
	}
	return 0
}

// methodOf returns v's Error or String method, as fmt would call it, and
// its name; or a nil method if v has neither, cannot be handed to one, or
// is not finite.
func (d *drawing) methodOf(v reflect.Value) (string, func() string) {
	if d.NoMethods || !v.IsValid() || !v.CanInterface() {
		return "", nil
	}
	var name string
	var m func() string
	switch x := v.Interface().(type) {
	case error:
		name, m = "Error", x.Error
	case fmt.Stringer:
		name, m = "String", x.String
	default:
		return "", nil
	}
	if !d.isFinite(v) {
		return "", nil
	}
	return name, m
}

// call returns what the method m of v returns and true, or, if it
// panicked, a note saying so and false: <nil> when v is a nil pointer,
// as fmt has it.
func call(v reflect.Value, name string, m func() string) (s string, ok bool) {
	defer func() {
		p := recover()
		switch {
		case p == nil:
		case v.Kind() == reflect.Pointer && v.IsNil():
			s = "<nil>"
		default:
			s = "<" + name + " panicked: " + safeSprint(p) + ">"
		}
	}()
	return m(), true
}
