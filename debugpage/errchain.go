package debugpage

import (
	"fmt"
	"reflect"
	"runtime"
)

const (
	// maxChainDepth bounds how deep an error chain is followed.
	maxChainDepth = 16
	// maxChainErrors bounds how many errors of a tree are listed.
	maxChainErrors = 32
)

// errorChain lists err and the errors it wraps, outermost first, following
// Unwrap() error, Unwrap() []error and Cause() error, depth first. Errors
// seen before (a cycle) are skipped; depth and length are capped. Each
// error's message is what message says of it, and its own stack, if it
// carries one, is resolved into a Section.
func errorChain(err error, message func(any) string) []ErrorInfo {
	var out []ErrorInfo
	seen := make(map[uintptr]bool)
	var walk func(err error, depth int)
	walk = func(err error, depth int) {
		if err == nil || depth >= maxChainDepth || len(out) >= maxChainErrors {
			return
		}
		if p, ok := pointerOf(err); ok {
			if seen[p] {
				return
			}
			seen[p] = true
		}
		info := ErrorInfo{Type: fmt.Sprintf("%T", err), Message: message(err)}
		if pcs := errorStack(err); len(pcs) > 0 {
			info.Stack = &Section{Title: "stack of " + info.Type, Count: 1, Frames: framesOf(pcs)}
		}
		out = append(out, info)
		for _, next := range unwrap(err) {
			walk(next, depth+1)
		}
	}
	walk(err, 0)
	return out
}

// unwrap returns the errors err wraps, whatever the method's shape. A
// panicking method counts as wrapping nothing.
func unwrap(err error) (next []error) {
	defer func() {
		if recover() != nil {
			next = nil
		}
	}()
	switch e := err.(type) {
	case interface{ Unwrap() []error }:
		return e.Unwrap()
	case interface{ Unwrap() error }:
		return []error{e.Unwrap()}
	case interface{ Cause() error }:
		return []error{e.Cause()}
	}
	return nil
}

// pointerOf returns the address of err's value when it is a pointer-shaped
// value: the only kind that can form a cycle.
func pointerOf(err error) (uintptr, bool) {
	v := reflect.ValueOf(err)
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return v.Pointer(), true
	}
	return 0, false
}

// errorStack returns the program counters an error recorded: from a
// Callers() []uintptr method, or from a StackTrace() method returning a
// slice of uintptr-based frames (as github.com/pkg/errors does).
func errorStack(err error) (pcs []uintptr) {
	defer func() {
		if recover() != nil {
			pcs = nil
		}
	}()
	if e, ok := err.(interface{ Callers() []uintptr }); ok {
		return e.Callers()
	}
	m := reflect.ValueOf(err).MethodByName("StackTrace")
	if !m.IsValid() || m.Type().NumIn() != 0 || m.Type().NumOut() != 1 {
		return nil
	}
	out := m.Call(nil)[0]
	if out.Kind() != reflect.Slice || out.Type().Elem().Kind() != reflect.Uintptr {
		return nil
	}
	pcs = make([]uintptr, out.Len())
	for i := range pcs {
		pcs[i] = uintptr(out.Index(i).Uint())
	}
	return pcs
}

// framesOf resolves program counters (as runtime.Callers returns them)
// into frames, inlined calls included.
func framesOf(pcs []uintptr) []Frame {
	var out []Frame
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		if f.Function != "" || f.File != "" {
			out = append(out, Frame{Function: f.Function, File: f.File, Line: f.Line})
		}
		if !more {
			return out
		}
	}
}
