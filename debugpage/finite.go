package debugpage

import "reflect"

// isFinite reports whether v reaches no cycle through pointers, slices,
// maps and interfaces, nor more than finiteDepth references deep, in
// what the drawing's remaining steps let it look at and leaving out the
// sealed fields, which no method of the program's can reach (and the
// standard library's methods do not loop on). Only then may a
// method of v walk it, itself or with fmt, without a risk of recursing
// until the stack overflows, which no recover can catch. What it learns
// of each reference is kept for the drawing's later checks.
func (d *drawing) isFinite(v reflect.Value) bool {
	return d.walk(v, 0)
}

// walk is isFinite for v, depth references below the value checked.
func (d *drawing) walk(v reflect.Value, depth int) bool {
	if !v.IsValid() || !hasRefs(v.Type()) {
		return true
	}
	if d.steps--; d.steps < 0 || depth > finiteDepth {
		return false
	}
	switch v.Kind() {
	case reflect.Interface:
		return d.walk(v.Elem(), depth)
	case reflect.Pointer, reflect.Slice, reflect.Map:
		return d.walkRef(v, depth)
	case reflect.Struct:
		for i := range v.NumField() {
			if !d.sealed(v.Type().Field(i)) && !d.walk(v.Field(i), depth) {
				return false
			}
		}
	case reflect.Array:
		return d.walkElems(v, depth)
	}
	return true
}

// walkRef is walk for a pointer, slice or map, each of which it looks
// into once: met again while it is being looked into, it is a cycle.
func (d *drawing) walkRef(v reflect.Value, depth int) bool {
	r, ok := refOf(v)
	if !ok {
		return true
	}
	if known, seen := d.finite[r]; seen {
		return known
	}
	d.finite[r] = false // until shown otherwise
	ok = d.walkElems(v, depth+1)
	d.finite[r] = ok
	return ok
}

// walkElems walks what the pointer, slice, array or map v holds.
func (d *drawing) walkElems(v reflect.Value, depth int) bool {
	switch v.Kind() {
	case reflect.Pointer:
		return d.walk(v.Elem(), depth)
	case reflect.Map:
		if !hasRefs(v.Type().Key()) && !hasRefs(v.Type().Elem()) {
			return true
		}
		for it := v.MapRange(); it.Next(); {
			if !d.walk(it.Key(), depth) || !d.walk(it.Value(), depth) {
				return false
			}
		}
		return true
	}
	if !hasRefs(v.Type().Elem()) {
		return true
	}
	for i := range v.Len() {
		if !d.walk(v.Index(i), depth) {
			return false
		}
	}
	return true
}

// hasRefs reports whether values of type t can hold a pointer, slice,
// map or interface: the only ways to a cycle.
func hasRefs(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return true
	case reflect.Array:
		return t.Len() > 0 && hasRefs(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasRefs(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}
