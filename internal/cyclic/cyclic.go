// Package cyclic holds panic values that contain themselves, for the tests
// that check devserve never formats a value without end.
package cyclic

import "fmt"

// Bag is a struct that its own slice can hold.
type Bag struct{ Items []any }

// LoopErr is an error whose own Error method formats a field with fmt,
// which recurses without end when the field holds itself.
type LoopErr struct{ items []any }

func (e *LoopErr) Error() string { return fmt.Sprintf("loop: %v", e.items) }

// Values returns panic values that contain themselves, by the path a
// test serves each at: a slice, a map, a struct through its slice, and an
// error through its field.
func Values() map[string]any {
	s := []any{nil}
	s[0] = s
	m := map[string]any{}
	m["self"] = m
	b := Bag{Items: []any{nil}}
	b.Items[0] = b
	e := &LoopErr{items: []any{nil}}
	e.items[0] = e.items
	return map[string]any{"/slice": s, "/map": m, "/struct": b, "/error": e}
}
