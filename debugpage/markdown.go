package debugpage

import (
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// markdownContext is how many source lines the Markdown shows either
// side of a frame's line: fewer than the page, for an issue stays short.
const markdownContext = 3

// markdownHeaders are the header fields of the request the Markdown
// shows: those that say what was asked for, and by what.
var markdownHeaders = [...]string{"Content-Type", "Content-Length", "Accept", "User-Agent", "Referer"}

// WriteMarkdown writes rep as Markdown to paste into an issue: the title
// as a heading, the app's frames of the failing goroutine with their
// source (the library's summed up), the request, the Go version and
// platform, and the text traceback folded away.
func (rd *Renderer) WriteMarkdown(w io.Writer, rep *Report) error {
	_, err := io.WriteString(w, rd.markdown(rep))
	return err
}

// markdown returns rep as WriteMarkdown writes it. A build's report is
// its compiler errors under the heading.
func (rd *Renderer) markdown(rep *Report) string {
	if rep.Kind == KindBuild {
		return markdownOf(rep, textOf(rep))
	}
	var b strings.Builder
	mdHeading(&b, rep)
	mdErrors(&b, rep.Errors)
	if len(rep.Sections) > 0 {
		rd.mdStack(&b, rep, &rep.Sections[0])
	}
	mdRequest(&b, rep.Request)
	mdPlatform(&b, rep)
	b.WriteString("\n<details><summary>Traceback</summary>\n\n" + fenced(logText(rep), "text") + "\n</details>\n")
	return b.String()
}

// mdHeading writes the title as a heading, then what the message and
// exit status add to it.
func mdHeading(b *strings.Builder, rep *Report) {
	b.WriteString("### " + strings.ReplaceAll(rep.Title, "\n", " ") + "\n")
	first, rest, _ := strings.Cut(rep.Message, "\n")
	if !strings.HasSuffix(rep.Title, first) {
		rest = rep.Message
	}
	if rest != "" {
		b.WriteString("\n" + fenced(rest, "text"))
	}
	if rep.ExitStatus != "" {
		b.WriteString("\nThe process ended: " + code(rep.ExitStatus) + ".\n")
	}
}

// mdErrors writes the error chain, one error a line.
func mdErrors(b *strings.Builder, errs []ErrorInfo) {
	if len(errs) == 0 {
		return
	}
	var chain strings.Builder
	for _, e := range errs {
		chain.WriteString(e.Type + ": " + indent(e.Message, "  ") + "\n")
	}
	b.WriteString("\nError chain:\n\n" + fenced(chain.String(), "text"))
}

// mdStack writes the app's frames of s, nearest the failure first, each
// with its source, and then the number of library frames by package.
// When no frame is the app's, the first frame stands in for them.
func (rd *Renderer) mdStack(b *strings.Builder, rep *Report, s *Section) {
	var lib libraryCount
	noApp, shown := !hasAppFrame(s.Frames), 0
	for start := 0; start < len(s.Frames); {
		f, n := &s.Frames[start], repeats(s.Frames[start:])
		stands := start == 0 && noApp
		start += n
		if !isAppFrame(f) && !stands {
			lib.add(framePackage(f), n)
			continue
		}
		rd.mdFrame(b, rep, f, n, shown < maxOpenFrames)
		shown++
	}
	if lib.total > 0 {
		fmt.Fprintf(b, "\nLibrary frames: %d (%s).\n", lib.total, lib.String())
	}
}

// repeats returns how many frames frames starts with that are the same
// call site, as in a recursion.
func repeats(frames []Frame) int {
	n := 1
	for n < len(frames) && sameFrame(&frames[0], &frames[n]) {
		n++
	}
	return n
}

// framePackage returns f's package, from its function's name if need be:
// "net/http" for "net/http.HandlerFunc.ServeHTTP".
func framePackage(f *Frame) string {
	if f.Package != "" {
		return f.Package
	}
	slash := strings.LastIndexByte(f.Function, '/')
	if dot := strings.IndexByte(f.Function[slash+1:], '.'); dot >= 0 {
		return f.Function[:slash+1+dot]
	}
	return f.Function
}

// mdFrame writes one frame: its function and file:line, called n times
// in a row, and, if withSource, the lines around it with its line marked.
func (rd *Renderer) mdFrame(b *strings.Builder, rep *Report, f *Frame, n int, withSource bool) {
	b.WriteString("\n" + code(f.Function) + " at " + code(position(f)))
	if n > 1 {
		b.WriteString(" (× " + strconv.Itoa(n) + " in a row)")
	}
	b.WriteString("\n")
	if !withSource {
		return
	}
	if src := rd.sourceText(rep, f); src != "" {
		b.WriteString("\n" + fenced(src, sourceLang(f.File)))
	}
}

// sourceText returns the lines around f's line, the line itself marked
// with a comment, or "" when they cannot be shown as they were built.
func (rd *Renderer) sourceText(rep *Report, f *Frame) string {
	if f.File == "" || f.Line < 1 {
		return ""
	}
	sf, err := rd.cache.get(f.File, f.Line+markdownContext)
	if err != nil || f.Line > sf.lineCount() || !rep.Built.IsZero() && sf.mod.After(rep.Built) {
		return ""
	}
	lo, hi := max(1, f.Line-markdownContext), min(sf.lineCount(), f.Line+markdownContext)
	var b strings.Builder
	for n, line := range sf.text(lo, hi) {
		b.WriteString(line)
		if lo+n == f.Line {
			b.WriteString(" // ← line " + strconv.Itoa(f.Line))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// sourceLang names the language of a fenced block of the file's lines.
func sourceLang(file string) string {
	if filepath.Ext(file) == ".go" {
		return "go"
	}
	return ""
}

// isAppFrame reports whether f is the app's code.
func isAppFrame(f *Frame) bool {
	return f.Kind == FrameApp || f.Kind == ""
}

// hasAppFrame reports whether any of frames is the app's.
func hasAppFrame(frames []Frame) bool {
	for i := range frames {
		if isAppFrame(&frames[i]) {
			return true
		}
	}
	return false
}

// libraryCount counts library frames by package, in the order the
// packages first appear.
type libraryCount struct {
	total    int
	packages []string
	counts   map[string]int
}

// add counts n frames of pkg.
func (c *libraryCount) add(pkg string, n int) {
	if c.counts == nil {
		c.counts = make(map[string]int)
	}
	if c.counts[pkg] == 0 {
		c.packages = append(c.packages, pkg)
	}
	c.counts[pkg] += n
	c.total += n
}

// String returns "net/http × 3, runtime".
func (c *libraryCount) String() string {
	parts := make([]string, len(c.packages))
	for i, p := range c.packages {
		parts[i] = code(p)
		if n := c.counts[p]; n > 1 {
			parts[i] += " × " + strconv.Itoa(n)
		}
	}
	return strings.Join(parts, ", ")
}

// mdRequest writes the request line and its telling header fields.
func mdRequest(b *strings.Builder, r *Request) {
	if r == nil {
		return
	}
	fmt.Fprintf(b, "\nRequest: %s %s from %s\n", code(r.Method+" "+r.URL), r.Proto, code(r.RemoteAddr))
	first := true
	for _, name := range markdownHeaders {
		for _, f := range r.Header {
			if f.Name != name {
				continue
			}
			if first {
				b.WriteString("\n")
				first = false
			}
			b.WriteString("- " + f.Name + ": " + code(f.Value) + "\n")
		}
	}
}

// mdPlatform writes the Go version and the platform the program ran on;
// a report that does not know them gets this process's platform, which
// runs beside the program.
func mdPlatform(b *strings.Builder, rep *Report) {
	platform := rep.Platform
	if platform == "" {
		platform = runtime.GOOS + "/" + runtime.GOARCH
	}
	if rep.GoVersion != "" {
		b.WriteString("\nGo: " + code(rep.GoVersion) + " on " + code(platform) + "\n")
		return
	}
	b.WriteString("\nPlatform: " + code(platform) + "\n")
}

// fenced returns text in a code fence longer than any backtick run in it,
// tagged with lang.
func fenced(text, lang string) string {
	fence := "```"
	for strings.Contains(text, fence) {
		fence += "`"
	}
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return fence + lang + "\n" + text + fence + "\n"
}

// code returns s as inline code, on one line, delimited by a backtick
// run longer than any in it.
func code(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	delim := "`"
	for strings.Contains(s, delim) {
		delim += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return delim + s + delim
}
