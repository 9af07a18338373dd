package debugpage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
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

// node is a list that can be made into a ring.
type node struct {
	Name string
	Next *node
}

// ring's String method formats the next ring with fmt, which calls
// String again: on a ring of them it recurses without end.
type ring struct{ next *ring }

func (r *ring) String() string { return fmt.Sprintf("ring(%v)", r.next) }

// loopErr's Error method formats its items with fmt, which recurses
// without end when they hold themselves.
type loopErr struct{ items []any }

func (e *loopErr) Error() string { return fmt.Sprintf("loop: %v", e.items) }

// bag is a struct that its own slice can hold.
type bag struct{ Items []any }

// nilSafe is an error whose Error method works on a nil receiver.
type nilSafe struct{}

func (*nilSafe) Error() string { return "nil-safe" }

// reqErr is an error that carries a context, whose internals are
// cyclic.
type reqErr struct {
	Ctx context.Context
	Msg string
}

func (e *reqErr) Error() string { return e.Msg }

// secret has only unexported fields, whose methods cannot be called.
type secret struct {
	name string
	n    int
	err  error
}

// TestFormatValue checks the formatting of panic values of every shape,
// including values that contain themselves, methods that panic or never
// return, and huge values.
func TestFormatValue(t *testing.T) {
	release := make(chan struct{})
	defer close(release) // lets the abandoned Error call return and its goroutine exit
	huge := strings.Repeat("x", 3*maxValueLen)
	var nilErr *wrapErr
	self := []any{nil}
	self[0] = self
	selfMap := map[string]any{}
	selfMap["self"] = selfMap
	b := bag{Items: []any{nil}}
	b.Items[0] = b
	ab := &node{Name: "a", Next: &node{Name: "b"}}
	ab.Next.Next = ab
	r := &ring{}
	r.next = r
	loop := &loopErr{items: []any{nil}}
	loop.items[0] = loop.items
	var nested any = 0
	for range 2 * defaultMaxDepth {
		nested = []any{nested}
	}
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	parent, cancelParent := context.WithCancel(context.Background())
	defer cancelParent()
	ctx, cancel := context.WithCancel(parent) // its parent lists it: a cycle
	defer cancel()
	tests := []struct {
		in   any
		want string
	}{
		{"boom", "boom"},
		{errors.New("bad input"), "bad input"},
		{fmt.Errorf("load: %w", fmt.Errorf("open: %w", os.ErrNotExist)), "load: open: file does not exist"},
		{42, "42"},
		{3.5, "3.5"},
		{2 + 1.5i, "(2+1.5i)"},
		{celsius(21.5), "(debugpage.celsius) 21.5"},
		{point{1, 2}, "(debugpage.point) {X:1 Y:2}"},
		{&point{1, 2}, "(*debugpage.point) &{X:1 Y:2}"},
		{nil, "nil"},
		{new(panicNil), "panic called with nil argument"},
		{self, "([]interface {}) [<cycle []interface {}>]"},
		{selfMap, "(map[string]interface {}) map[self:<cycle map[string]interface {}>]"},
		{b, "(debugpage.bag) {Items:[{Items:<cycle []interface {}>}]}"},
		{ab, "(*debugpage.node) &{Name:a Next:&{Name:b Next:<cycle *debugpage.node>}}"},
		{r, "(*debugpage.ring) &{next:<cycle *debugpage.ring>}"},
		{loop, "(*debugpage.loopErr) &{items:[<cycle []interface {}>]}"},
		{&wrapErr{msg: "outer", next: loop}, "(*debugpage.wrapErr) &{msg:outer next:&{items:[<cycle []interface {}>]}}"},
		{nested, "([]interface {}) " + strings.Repeat("[", defaultMaxDepth) + "…" + strings.Repeat("]", defaultMaxDepth)},
		{panickyStringer{}, "(debugpage.panickyStringer) <String panicked: String exploded>"},
		{struct{ S panickyStringer }{}, "(struct { S debugpage.panickyStringer }) {S:<String panicked: String exploded>}"},
		{panickyError{}, "(debugpage.panickyError) <Error panicked: a *errors.errorString>"},
		{slowError{release}, "(formatting the value did not finish within 250ms)"},
		{nilErr, "(*debugpage.wrapErr) <nil>"},
		{(*nilSafe)(nil), "nil-safe"},
		{(*int)(nil), "(*int) <nil>"},
		{struct {
			E error
			P *int
			M map[string]int
			S []int
			F func()
		}{}, "(struct { E error; P *int; M map[string]int; S []int; F func() }) {E:<nil> P:<nil> M:map[] S:[] F:<nil>}"},
		{secret{"x", 1, errors.New("hidden")}, "(debugpage.secret) {name:x n:1 err:&{s:hidden}}"},
		{when, "2026-01-02 03:04:05 +0000 UTC"},
		{struct{ At time.Time }{when}, "(struct { At time.Time }) {At:2026-01-02 03:04:05 +0000 UTC}"},
		{[]byte("hi"), "([]uint8) [104 105]"},
		{make([]int, 1000), "([]int) [" + strings.Repeat("0 ", maxElems) + "… (744 more elements)]"},
		{bigMap(1000), "(map[int]bool) map[" + mapEntries(maxElems) + "… (744 more entries)]"},
		{huge, huge[:maxValueLen] + fmt.Sprintf("… (%d more bytes)", 2*maxValueLen)},
		{struct{ S string }{huge}, "(struct { S string }) {S:" + huge[:defaultMaxString] + fmt.Sprintf("… (%d more bytes)}", len(huge)-defaultMaxString)},
		{slices.Repeat([]string{huge}, 9), cut("([]string) ["+strings.Repeat(huge[:defaultMaxString]+fmt.Sprintf("… (%d more bytes) ", len(huge)-defaultMaxString), 9), maxValueLen-len("…")) + "…"},
		{&reqErr{ctx, "request failed"}, "request failed"},
	}
	for _, tt := range tests {
		start := time.Now()
		got := FormatValue(tt.in)
		if got != tt.want {
			t.Errorf("FormatValue(%T) = %.300q, want %.300q", tt.in, got, tt.want)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("FormatValue(%T) took %v, want it bounded", tt.in, d)
		}
	}
}

// mapEntries returns the first n entries of bigMap as the formatter
// draws them, each followed by a space.
func mapEntries(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%d:true ", i)
	}
	return b.String()
}

// cut returns the first n bytes of s, which must have as many.
func cut(s string, n int) string { return s[:n] }

// TestValueFormatterLimits checks that each of a valueFormatter's limits
// cuts what it bounds.
func TestValueFormatterLimits(t *testing.T) {
	in := map[string]any{"a": []int{1, 2, 3}, "b": struct{ T time.Time }{}, "c": point{1, 2}}
	tests := []struct {
		f    valueFormatter
		want string
	}{
		{valueFormatter{}, "map[a:[1 2 3] b:{T:0001-01-01 00:00:00 +0000 UTC} c:{X:1 Y:2}]"},
		{valueFormatter{MaxDepth: 1}, "map[a:… b:… c:…]"},
		{valueFormatter{MaxElems: 2}, "map[a:[1 2 … (1 more elements)] b:{T:0001-01-01 00:00:00 +0000 UTC} … (1 more entries)]"},
		{valueFormatter{MaxString: 4}, "map[a:[1 2 3] b:{T:0001… (25 more bytes)} c:{X:1 Y:2}]"},
		{valueFormatter{MaxLen: 10}, "map[a:[…"},
		{valueFormatter{NoMethods: true, MaxDepth: 2}, "map[a:[1 2 3] b:{T:…} c:{X:1 Y:2}]"},
	}
	for _, tt := range tests {
		if got := tt.f.format(in); got != tt.want {
			t.Errorf("%+v.format(%v) = %q, want %q", tt.f, in, got, tt.want)
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
		// A cycle of errors is listed once, each drawn by its structure:
		// an Error method might follow the cycle.
		{"cycle", cycle, []string{
			"*debugpage.wrapErr: (*debugpage.wrapErr) &{msg:a next:&{msg:b next:<cycle *debugpage.wrapErr>}}",
			"*debugpage.wrapErr: (*debugpage.wrapErr) &{msg:b next:&{msg:a next:<cycle *debugpage.wrapErr>}}",
		}},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range errorChain(tt.in, FormatValue) {
			got = append(got, e.Type+": "+e.Message)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("errorChain(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if n := len(errorChain(deep, FormatValue)); n != maxChainDepth {
		t.Errorf("errorChain(41 deep) has %d errors, want the cap %d", n, maxChainDepth)
	}

	pcs := make([]uintptr, 8)
	pcs = pcs[:callers(pcs)]
	chain := errorChain(fmt.Errorf("wrapped: %w", stackErr{pcs}), FormatValue)
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
