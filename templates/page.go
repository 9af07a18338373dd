package templates

import "html/template"

// Page is what the debug page template draws: a panic, a crashed process or
// a failed build, with its stacks, request and output.
type Page struct {
	Kind      string // "panic", "crash" or "build"; used as a CSS class
	KindLabel string // the heading above the title, e.g. "Panic"
	Title     string
	Message   string
	Time      string // when it happened, already formatted

	// AssetBase is the URL prefix the page's stylesheets and script are
	// served under, ending in a slash (e.g. "/__devserve/").
	AssetBase string
	// AssetVersion is appended to asset URLs so browsers never use a
	// stale copy.
	AssetVersion string

	ExitStatus string // for a crash: how the process ended
	Output     string // for a crash or build: the last lines it printed

	Errors     []Error   // the error chain of the panic value, outermost first
	Sections   []Section // the failing goroutine first, or one per package of a build
	Goroutines []Section // every other goroutine, collapsed by default
	Request    *Request

	// LibraryFrames counts the frames outside the main module, for the
	// toggle that shows them.
	LibraryFrames int

	// Text and Markdown are the report as plain text and as Markdown, for
	// the copy buttons.
	Text, Markdown string

	// Fixes are the likely remedies; those with an Action get a button
	// that posts Token to it.
	Fixes []Fix
	Token string
}

// Fix is a likely remedy shown on the page.
type Fix struct {
	Title   string
	Detail  string
	Command string
	Action  string // "" for advice only
}

// Error is one error of a chain.
type Error struct {
	Type    string
	Message string
	Stack   *Section // the error's own stack, if it carried one
}

// Section is a titled list of frames: a goroutine, an error's stack, or
// the errors of one package in a build.
type Section struct {
	ID        string // unique in the page, for anchors
	Title     string
	Count     int  // identical goroutines merged into this one
	Failing   bool // the goroutine that panicked or crashed
	Groups    []FrameGroup
	Elided    bool   // the runtime elided frames
	CreatedBy *Frame // where the goroutine was started
	Note      string // said under the frames, e.g. that the compiler stopped before reporting every error
}

// FrameGroup is a run of frames: the main module's frames are shown one by
// one; a run of library frames is collapsed under one summary.
type FrameGroup struct {
	Library bool
	Label   string // e.g. "12 library frames"
	Frames  []Frame
}

// Frame is one location of a stack, or the compiler errors on nearby lines
// of one file.
type Frame struct {
	ID        string       // unique in the page, for anchors and keyboard navigation
	FuncDir   string       // the function's package path up to its last slash, shown dimmed: "example.com/app/"
	Function  string       // the rest of the function's name: "msg.(*Store).Get"
	Location  string       // "file.go:12" as shown
	Path      string       // the file's absolute path, shown on hover, when Location names it otherwise
	EditorURL template.URL // built from the configured editor template; empty for none
	Kind      string       // "app", "module", "stdlib" or "runtime"
	Module    string
	Version   string
	Message   string   // a compiler error's message, when the frame shows one error
	Errors    int      // the compiler errors the frame's source marks, when more than one
	Unshown   []string // those errors as "file:line:col: message", when the source cannot show them
	Open      bool     // expanded when the page loads
	Repeat    int      // how many identical frames in a row this one stands for (recursion); 0 or 1 for one
	Source    *Source
}

// Source is the code around a frame's line.
type Source struct {
	// Note says why the source is missing or may not match, e.g. "file
	// changed since the program was built".
	Note string
	// Lines holds the enclosing function when it was found, else only the
	// context lines; Context marks the lines shown before expanding.
	Lines       []Line
	HasFunction bool // Lines extend beyond the context to the whole function

	// HTML is Lines drawn by RenderSource, which callers may cache and
	// reuse for identical Lines. The debug page prints it instead of
	// drawing Lines again. It must come from RenderSource, which escaped
	// every token in it.
	HTML template.HTML
}

// Line is one highlighted source line.
type Line struct {
	N       int
	Current bool // the frame's line
	Context bool // within the context shown before expanding
	Tokens  []Token
	Marks   []Mark // the compiler errors on the line, drawn under it
}

// Mark is a compiler error drawn under its line: a caret under the column
// the compiler named, and the error's message. A mark with neither marks
// its line current and draws nothing more.
type Mark struct {
	Column  int    // 1-based, in bytes as the compiler counts; 0 draws no caret
	Message string // empty when the frame's summary says it already
}

// Token is a run of source text with the CSS class of its syntax category
// (empty for plain text).
type Token struct {
	Class string
	Text  string
}

// Request describes the request being served.
type Request struct {
	Method, URL, Proto, RemoteAddr string
	Header, Query, Cookies, Form   []Field
}

// Field is a name and a value, masked or not.
type Field struct {
	Name   string
	Value  string
	Masked bool
}
