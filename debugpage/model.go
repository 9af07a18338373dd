package debugpage

import "time"

// Kind says what went wrong: a panic in a handler, a crashed process, or a
// failed build. Pages use it for their heading and colour.
type Kind string

// The kinds of Report.
const (
	KindPanic Kind = "panic" // a handler panicked; the process lives on
	KindCrash Kind = "crash" // the process died (unrecovered panic, fatal error, exit)
	KindBuild Kind = "build" // go build failed

	// KindNotListening: the process runs, but does not accept connections
	// where the supervisor expects it.
	KindNotListening Kind = "notlistening"

	// KindFix: a supervisor applied one of a page's Fixes; Output is what
	// the fix printed.
	KindFix Kind = "fix"
)

// FrameKind classifies where a frame's code comes from.
type FrameKind string

// The kinds of Frame. Pages show FrameApp frames expanded and the others
// dimmed and collapsed.
const (
	FrameApp     FrameKind = "app"     // the main module (or a go.work / local replace module)
	FrameModule  FrameKind = "module"  // another module (a dependency, or devserve's own packages)
	FrameStdlib  FrameKind = "stdlib"  // the standard library
	FrameRuntime FrameKind = "runtime" // the runtime's own machinery
)

// Report is one error shown to a developer. Panics, crashes and failed
// builds all become a Report, and every page devserve draws (HTML, text and
// JSON) is a rendering of one.
type Report struct {
	Kind    Kind      `json:"kind"`
	Title   string    `json:"title"`   // e.g. "panic: runtime error: index out of range [3] with length 3"
	Message string    `json:"message"` // the panic value, crash message or first build error
	ID      string    `json:"id,omitempty"`
	Time    time.Time `json:"time"`

	// Errors lists the error chain of a panic value, outermost first.
	Errors []ErrorInfo `json:"errors,omitempty"`

	// Sections holds the stacks: for a panic or crash the failing goroutine
	// first, then the others; for a build, one section per package with
	// one Frame per compiler error.
	Sections []Section `json:"sections"`

	// Request is the request that was being served, if any.
	Request *Request `json:"request,omitempty"`

	// ExitStatus and Output describe a crashed process: how it ended
	// ("exit status 2", "signal: killed") and the last lines it printed.
	ExitStatus string `json:"exit_status,omitempty"`
	Output     string `json:"output,omitempty"`

	// Built is when the program that failed was built (the modification
	// time of its executable), if known. Source files modified after it
	// are flagged on the page as possibly not matching their frames.
	Built time.Time `json:"built,omitzero"`

	// GoVersion and Platform are the Go version the program was built
	// with ("go1.26.1") and the system it ran on ("linux/amd64"), if
	// known.
	GoVersion string `json:"go_version,omitempty"`
	Platform  string `json:"platform,omitempty"`

	// Fixes are the likely remedies, most likely first.
	Fixes []Fix `json:"fixes,omitempty"`
}

// Fix is a likely remedy for what a Report shows: what to do and, where a
// supervisor can do it safely, the action that does it, which a button on
// the page posts to.
type Fix struct {
	Title   string `json:"title"`             // "Run go mod tidy"
	Detail  string `json:"detail,omitempty"`  // why it is likely the fix
	Command string `json:"command,omitempty"` // the command, or the code, it comes to
	Action  string `json:"action,omitempty"`  // the URL path a POST with the page's token applies it at; "" for advice only
}

// ErrorInfo is one error of a chain: its dynamic type and message, and its
// own stack when the error carried one.
type ErrorInfo struct {
	Type    string   `json:"type"`
	Message string   `json:"message"`
	Stack   *Section `json:"stack,omitempty"`
}

// Section is a list of frames under one heading: a goroutine, an error's
// own stack, or the errors of one package in a build.
type Section struct {
	Title     string  `json:"title"`               // e.g. "goroutine 7 [running]"
	Goroutine int     `json:"goroutine,omitempty"` // 0 when not a goroutine
	State     string  `json:"state,omitempty"`     // "running", "chan receive, 2 minutes", ...
	Count     int     `json:"count,omitempty"`     // identical goroutines merged into this one (1 or more)
	Failing   bool    `json:"failing,omitempty"`   // the goroutine that panicked or crashed
	Frames    []Frame `json:"frames"`
	Elided    bool    `json:"elided,omitempty"`     // the runtime elided frames ("...additional frames elided...")
	Truncated bool    `json:"truncated,omitempty"`  // a build's package whose compiler stopped before reporting every error
	CreatedBy *Frame  `json:"created_by,omitempty"` // where the goroutine was started
	CreatedIn int     `json:"created_in,omitempty"` // the goroutine that started this one, when known
}

// Frame is one location: a call in a stack, or a compiler error's position.
type Frame struct {
	Function string    `json:"function,omitempty"` // fully qualified: "example.com/app/msg.(*Store).Get"
	Package  string    `json:"package,omitempty"`  // import path: "example.com/app/msg"
	File     string    `json:"file"`
	RelFile  string    `json:"rel_file,omitempty"` // for build errors: File relative to the main module's root, when under it
	Line     int       `json:"line"`
	Column   int       `json:"column,omitempty"`
	Kind     FrameKind `json:"kind"`
	Module   string    `json:"module,omitempty"`  // module path for FrameApp and FrameModule
	Version  string    `json:"version,omitempty"` // module version for FrameModule
	Message  string    `json:"message,omitempty"` // for build errors: the compiler's message

	// Source holds the lines around Line in the JSON form, when known:
	// see Renderer.WithSource.
	Source []SourceLine `json:"source,omitempty"`
}

// Request describes the request a panic happened in. Values whose names
// look secret are already masked when a Request is built.
type Request struct {
	Method     string  `json:"method"`
	URL        string  `json:"url"`
	Proto      string  `json:"proto"`
	RemoteAddr string  `json:"remote_addr"`
	Header     []Field `json:"header,omitempty"`
	Query      []Field `json:"query,omitempty"`
	Cookies    []Field `json:"cookies,omitempty"`
	Form       []Field `json:"form,omitempty"` // only when the app parsed the form itself
}

// Field is one name and value of a header, query, cookie or form.
type Field struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Masked bool   `json:"masked,omitempty"`
}
