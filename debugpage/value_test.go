package debugpage

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

type panickyStringer struct{}

func (panickyStringer) String() string { panic("String exploded") }

type panickyError struct{}

func (panickyError) Error() string { panic(errors.New("Error exploded")) }

type slowError struct{ release chan struct{} }

func (e slowError) Error() string { <-e.release; return "late" }

type point struct{ X, Y int }

type celsius float64

// TestFormatValue checks the formatting of panic values of every shape,
// including methods that panic or never return and huge values.
func TestFormatValue(t *testing.T) {
	release := make(chan struct{})
	defer close(release) // lets the abandoned Error call return and its goroutine exit
	huge := strings.Repeat("x", 3*maxValueLen)
	var nilErr *wrapErr
	tests := []struct {
		in   any
		want string
	}{
		{"boom", "boom"},
		{errors.New("bad input"), "bad input"},
		{fmt.Errorf("load: %w", errors.New("missing")), "load: missing"},
		{42, "42"},
		{3.5, "3.5"},
		{celsius(21.5), "(debugpage.celsius) 21.5"},
		{point{1, 2}, "(debugpage.point) {X:1 Y:2}"},
		{nil, "nil"},
		{new(panicNil), "panic called with nil argument"},
		{panickyStringer{}, "(formatting the value panicked: String exploded)"},
		{slowError{release}, "(formatting the value did not finish within 250ms)"},
		{nilErr, "(formatting the value panicked: runtime error: invalid memory address or nil pointer dereference)"},
		{panickyError{}, "(formatting the value panicked: a *errors.errorString)"},
		{make([]int, 1000), "([]int) [" + strings.TrimSpace(strings.Repeat("0 ", maxElems)) + "] … (744 more elements)"},
		{bigMap(1000), "(map[int]bool) a map of 1000 entries"},
		{huge, huge[:maxValueLen] + fmt.Sprintf("… (%d more bytes)", 2*maxValueLen)},
	}
	for _, tt := range tests {
		start := time.Now()
		got := formatValue(tt.in)
		if got != tt.want {
			t.Errorf("formatValue(%T) = %.100q, want %.100q", tt.in, got, tt.want)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("formatValue(%T) took %v, want it bounded", tt.in, d)
		}
	}
}

// panicNil stands for *runtime.PanicNilError, whose message it copies
// (the runtime's type cannot be made outside a panic).
type panicNil struct{}

func (*panicNil) Error() string { return "panic called with nil argument" }

// TestTruncate checks that truncation keeps whole runes.
func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"héllo", 2, "h… (5 more bytes)"},
		{"日本語", 4, "日… (6 more bytes)"},
	}
	for _, tt := range tests {
		if got := truncate(tt.in, tt.n); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

type wrapErr struct {
	msg  string
	next error
}

func (e *wrapErr) Error() string { return e.msg }
func (e *wrapErr) Unwrap() error { return e.next }

type causeErr struct{ cause error }

func (e causeErr) Error() string { return "caused" }
func (e causeErr) Cause() error  { return e.cause }

type stackErr struct{ pcs []uintptr }

func (e stackErr) Error() string { return "with stack" }

// StackTrace has the shape of github.com/pkg/errors' method.
func (e stackErr) StackTrace() pkgStack {
	out := make(pkgStack, len(e.pcs))
	for i, pc := range e.pcs {
		out[i] = pkgFrame(pc)
	}
	return out
}

type (
	pkgFrame uintptr
	pkgStack []pkgFrame
)

// TestErrorChain checks that chains are followed through every unwrap
// shape, that cycles end, and that a carried stack becomes frames.
func TestErrorChain(t *testing.T) {
	cycle := &wrapErr{msg: "a"}
	cycle.next = &wrapErr{msg: "b", next: cycle}
	deep := error(errors.New("bottom"))
	for i := 0; i < 40; i++ {
		deep = &wrapErr{msg: fmt.Sprint("level ", i), next: deep}
	}
	tests := []struct {
		name string
		in   error
		want []string // Type: Message
	}{
		{"single", errors.New("x"), []string{"*errors.errorString: x"}},
		{"wrap", fmt.Errorf("outer: %w", errors.New("inner")), []string{"*fmt.wrapError: outer: inner", "*errors.errorString: inner"}},
		{"join", errors.Join(errors.New("a"), errors.New("b")), []string{"*errors.joinError: a\nb", "*errors.errorString: a", "*errors.errorString: b"}},
		{"cause", causeErr{errors.New("root")}, []string{"debugpage.causeErr: caused", "*errors.errorString: root"}},
		{"cycle", cycle, []string{"*debugpage.wrapErr: a", "*debugpage.wrapErr: b"}},
	}
	bounded := func(f func() string) string { return formatBounded(f, time.Second) }
	for _, tt := range tests {
		var got []string
		for _, e := range errorChain(tt.in, bounded) {
			got = append(got, e.Type+": "+e.Message)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("errorChain(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if n := len(errorChain(deep, bounded)); n != maxChainDepth {
		t.Errorf("errorChain(41 deep) has %d errors, want the cap %d", n, maxChainDepth)
	}

	pcs := make([]uintptr, 8)
	pcs = pcs[:callers(pcs)]
	chain := errorChain(fmt.Errorf("wrapped: %w", stackErr{pcs}), bounded)
	if len(chain) != 2 || chain[1].Stack == nil || len(chain[1].Stack.Frames) == 0 {
		t.Fatalf("errorChain(with StackTrace) = %+v, want the second error with a stack", chain)
	}
	if f := chain[1].Stack.Frames[0].Function; !strings.HasSuffix(f, ".TestErrorChain") {
		t.Errorf("carried stack's first frame = %s, want TestErrorChain", f)
	}
}

// callers records the caller's stack as an error package would.
func callers(pcs []uintptr) int { return runtime.Callers(2, pcs) }

func bigMap(n int) map[int]bool {
	m := make(map[int]bool, n)
	for i := range n {
		m[i] = true
	}
	return m
}

// TestRuntimeMessage checks which values count as the runtime's own
// errors, formatted without a guard.
func TestRuntimeMessage(t *testing.T) {
	var nilMap map[string]int
	tests := []struct {
		name string
		v    any
		ok   bool
	}{
		{"index", recovered(func() { _ = []int{}[len(os.Args)] }), true},
		{"nil map", recovered(func() { nilMap["x"] = 1 }), true},
		{"type assertion", recovered(func() { _ = any(1).(string) }), true},
		{"fmt error", fmt.Errorf("x"), false},
		{"string", "x", false},
		{"program's runtime.Error", fakeRuntimeError{}, false},
	}
	for _, tt := range tests {
		if _, ok := runtimeMessage(tt.v); ok != tt.ok {
			t.Errorf("runtimeMessage(%s) ok = %v, want %v", tt.name, ok, tt.ok)
		}
	}
}

// recovered returns what f panics with.
func recovered(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

// fakeRuntimeError is a program's type that claims to be a runtime error.
type fakeRuntimeError struct{}

func (fakeRuntimeError) Error() string { select {} }
func (fakeRuntimeError) RuntimeError() {}
