package debugpage

import (
	"fmt"
	"reflect"
	"runtime"
	"strconv"
	"time"
	"unicode/utf8"
)

const (
	// maxValueLen bounds a formatted panic value or error message.
	maxValueLen = 8 << 10
	// maxElems bounds the elements of a slice, array or map drawn in a
	// panic value.
	maxElems = 256
	// formatTimeout bounds the time a value's String or Error method may
	// take before the page gives up on it.
	formatTimeout = 250 * time.Millisecond
)

// FormatValue returns a panic value or an error as text, as the debug
// page shows it: an error's message, a Stringer's String(), a string as
// it is, and any other value drawn like fmt's %+v after its type in
// parentheses. Unlike fmt it is safe on any value: the text is bounded,
// a value that contains itself is drawn with the cycle marked (and its
// methods left uncalled), a method that panics yields a note, and one
// that does not return within 250ms is abandoned (its goroutine runs on
// until the method returns, then exits).
func FormatValue(v any) string {
	if s, ok := v.(string); ok {
		return truncate(s, maxValueLen)
	}
	if s, ok := runtimeMessage(v); ok {
		return truncate(s, maxValueLen)
	}
	return formatBounded(func() string { return new(valueFormatter).describe(v) }, formatTimeout)
}

// runtimeMessage returns the message of an error of the runtime's own
// (an index out of range, a nil map write), whose Error method runs no
// code of the program's and needs no goroutine and timer to guard it.
func runtimeMessage(v any) (string, bool) {
	e, ok := v.(runtime.Error)
	if !ok {
		return "", false
	}
	t := reflect.TypeOf(e)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.PkgPath() != "runtime" { // not a package of the program's named runtime
		return "", false
	}
	return e.Error(), true
}

// formatBounded runs format in its own goroutine and returns its result,
// or a note if it panicked or did not finish within timeout.
func formatBounded(format func() string, timeout time.Duration) string {
	done := make(chan string, 1) // buffered: a late result must not block the goroutine
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- "(formatting the value panicked: " + safeSprint(p) + ")"
			}
		}()
		done <- truncate(format(), maxValueLen)
	}()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case s := <-done:
		return s
	case <-t.C:
		return fmt.Sprintf("(formatting the value did not finish within %v)", timeout)
	}
}

// safeSprint formats a value recovered from a panic inside a formatter
// without calling any of its methods.
func safeSprint(v any) string {
	switch v := v.(type) {
	case string:
		return truncate(v, 256)
	case runtime.Error:
		if s, ok := runtimeMessage(v); ok {
			return s
		}
	}
	return fmt.Sprintf("a %T", v)
}

// truncate shortens s to at most n bytes (on a rune boundary) and says how
// much was cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := runePrefix(s, n)
	return cut + "… (" + strconv.Itoa(len(s)-len(cut)) + " more bytes)"
}

// runePrefix returns s up to at most n bytes, cut on a rune boundary.
func runePrefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
