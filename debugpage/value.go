package debugpage

import (
	"fmt"
	"reflect"
	"runtime"
	"time"
	"unicode/utf8"
)

const (
	// maxValueLen bounds a formatted panic value or error message.
	maxValueLen = 8 << 10
	// maxElems bounds the elements of a slice or map formatted as a
	// panic value; fmt would format them all before truncate cut them.
	maxElems = 256
	// formatTimeout bounds the time a value's String or Error method may
	// take before the page gives up on it.
	formatTimeout = 250 * time.Millisecond
)

// formatValue formats a panic value or an error for the page, surviving
// String and Error methods that panic or never return: a method that
// panics yields a note saying so, one that takes longer than
// formatTimeout is abandoned (its goroutine runs on until the method
// returns, then exits), and results longer than maxValueLen are truncated.
func formatValue(v any) string {
	if s, ok := v.(string); ok {
		return truncate(s, maxValueLen)
	}
	if s, ok := runtimeMessage(v); ok {
		return truncate(s, maxValueLen)
	}
	return formatBounded(func() string { return describe(v) }, formatTimeout)
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
				done <- fmt.Sprintf("(formatting the value panicked: %s)", safeSprint(p))
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

// describe formats v as the runtime would print it after "panic: ": an
// error's Error(), a Stringer's String(), a string as is, and any other
// value with its type in parentheses.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "nil"
	case error:
		return v.Error()
	case fmt.Stringer:
		return v.String()
	case string:
		return v
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128, reflect.String:
		if rv.Type().PkgPath() == "" {
			return fmt.Sprint(v)
		}
	case reflect.Slice:
		if n := rv.Len(); n > maxElems {
			return fmt.Sprintf("(%T) %+v … (%d more elements)", v, rv.Slice(0, maxElems), n-maxElems)
		}
	case reflect.Map:
		if n := rv.Len(); n > maxElems {
			return fmt.Sprintf("(%T) a map of %d entries", v, n)
		}
	}
	return fmt.Sprintf("(%T) %+v", v, v)
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
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%d more bytes)", len(s)-cut)
}
