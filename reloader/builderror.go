package reloader

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// BuildError is a failed go build: every error the compiler reported, and
// its whole output.
type BuildError struct {
	Package string         // the main package that was built
	Errors  []CompileError // in the order the compiler printed them
	Output  string         // the compiler's combined output, verbatim

	// Root is the main module's directory: Report names the files under it
	// relative to it too. If empty, files have only their absolute paths.
	Root string

	// Command is the command line of the generator (Engine.Generate)
	// that failed, when it was one that failed and not go build: Errors
	// are then what its output locates, parsed as a compiler's.
	Command string

	// Truncated lists the packages whose compiler stopped at its limit of
	// errors ("too many errors"): they have more than Errors holds. The
	// engine compiles the main module with -e, which lifts the limit;
	// packages of other modules keep it.
	Truncated []string
}

// newBuildError reads the output of a failed build of cfg.
func newBuildError(cfg buildConfig, out string) *BuildError {
	errs, truncated := parseBuildOutput(out, cfg.dir)
	return &BuildError{Package: cfg.pkg, Errors: errs, Output: out, Root: cfg.root, Truncated: truncated}
}

// CompileError is one error of a build, at a position in a file.
type CompileError struct {
	File    string // absolute path; empty for an error of the go command itself
	Line    int
	Column  int // 0 when the compiler gave none
	Message string

	// Package is the import path of the package whose build printed the
	// error (the go command's "# path" header); empty when there was none.
	Package string
}

// Error returns the first error with its position and the number of the
// others, or the go command's output when no error could be located.
func (e *BuildError) Error() string {
	what := "reloader: build " + e.Package + ": "
	if e.Command != "" {
		what = "reloader: generate: " + e.Command + ": "
	}
	if len(e.Errors) == 0 {
		out := strings.TrimSpace(e.Output)
		if out == "" {
			out = "go build failed"
		}
		return what + out
	}
	msg := what + e.Errors[0].String()
	switch n := len(e.Errors) - 1; {
	case len(e.Truncated) > 0:
		msg += fmt.Sprintf(" (and at least %d more)", n+1)
	case n > 0:
		msg += fmt.Sprintf(" (and %d more)", n)
	}
	return msg
}

// String formats the error as the compiler does: file:line:column: message.
func (ce CompileError) String() string {
	switch {
	case ce.File == "":
		return ce.Message
	case ce.Column == 0:
		return fmt.Sprintf("%s:%d: %s", ce.File, ce.Line, ce.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s", ce.File, ce.Line, ce.Column, ce.Message)
}

// Report describes the failed build in debugpage's model: one Section per
// package, in the order the compiler reported them, with one Frame per
// error, its file also relative to Root.
func (e *BuildError) Report() *debugpage.Report {
	r := &debugpage.Report{
		Kind:    debugpage.KindBuild,
		Title:   e.title(),
		Message: strings.TrimSpace(e.Output),
		Time:    time.Now(),
		Output:  e.Output,
	}
	if len(e.Errors) > 0 {
		r.Message = e.Errors[0].Message
	}
	index := make(map[string]int) // package → its section in r.Sections
	for _, ce := range e.Errors {
		i, ok := index[ce.Package]
		if !ok {
			i = len(r.Sections)
			index[ce.Package] = i
			r.Sections = append(r.Sections, debugpage.Section{
				Title:     sectionTitle(ce.Package, cmp.Or(e.Command, e.Package)),
				Truncated: slices.Contains(e.Truncated, ce.Package),
			})
		}
		r.Sections[i].Frames = append(r.Sections[i].Frames, debugpage.Frame{
			Package: ce.Package,
			File:    ce.File,
			RelFile: relativeTo(e.Root, ce.File),
			Line:    ce.Line,
			Column:  ce.Column,
			Kind:    debugpage.FrameApp,
			Message: ce.Message,
		})
	}
	return r
}

// relativeTo returns file relative to root, or "" when it is not under
// root.
func relativeTo(root, file string) string {
	if root == "" || file == "" || !within(file, root) {
		return ""
	}
	rel, err := filepath.Rel(root, file)
	if err != nil {
		return ""
	}
	return rel
}

// title heads the report: the generator's command, or the package when
// it says more than ".", and
// the number of errors, or how many it exceeds when a compiler stopped
// counting.
func (e *BuildError) title() string {
	t := "build failed"
	switch {
	case e.Command != "":
		t = e.Command + " failed"
	case e.Package != "" && e.Package != ".":
		t += ": " + e.Package
	}
	switch n := len(e.Errors); {
	case n == 0:
		return t
	case len(e.Truncated) > 0:
		return fmt.Sprintf("%s (more than %d errors)", t, n)
	case n == 1:
		return t + " (1 error)"
	default:
		return fmt.Sprintf("%s (%d errors)", t, n)
	}
}

// sectionTitle names the section of a package's errors; errors printed
// under no package header belong to the main package's build, or to the
// generator that printed them.
func sectionTitle(pkg, main string) string {
	if pkg == "" {
		return main
	}
	return pkg
}
