package debugpage

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// writeText writes rep as plain text shaped like a Go traceback.
func writeText(w io.Writer, rep *Report) error {
	var b strings.Builder
	b.WriteString(rep.Title + "\n")
	// The title usually ends with the message's first line; print only
	// what it does not already say.
	first, rest, _ := strings.Cut(rep.Message, "\n")
	if !strings.HasSuffix(rep.Title, first) {
		rest = rep.Message
	}
	if rest != "" {
		b.WriteString(rest + "\n")
	}
	if rep.ExitStatus != "" {
		b.WriteString(rep.ExitStatus + "\n")
	}
	for _, f := range rep.Fixes {
		fmt.Fprintf(&b, "\nlikely fix: %s\n", f.Title)
		if f.Command != "" {
			b.WriteString(indent("  "+f.Command, "  ") + "\n")
		}
	}
	if len(rep.Errors) > 0 {
		b.WriteString("\nerror chain:\n")
		for _, e := range rep.Errors {
			fmt.Fprintf(&b, "  %s: %s\n", e.Type, indent(e.Message, "    "))
		}
	}
	for i := range rep.Sections {
		b.WriteString("\n")
		textSection(&b, rep.Kind, &rep.Sections[i])
	}
	for _, e := range rep.Errors {
		if e.Stack != nil {
			b.WriteString("\n")
			textSection(&b, rep.Kind, e.Stack)
		}
	}
	if r := rep.Request; r != nil {
		textRequest(&b, r)
	}
	if rep.Output != "" && len(rep.Sections) == 0 {
		b.WriteString("\noutput:\n" + rep.Output)
		if !strings.HasSuffix(rep.Output, "\n") {
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// textOf returns rep as text, for logs.
func textOf(rep *Report) string {
	var b strings.Builder
	_ = writeText(&b, rep) // a strings.Builder does not fail
	return b.String()
}

// logText returns rep as text for a log: the text rendering without the
// other goroutines and the request.
func logText(rep *Report) string {
	short := *rep
	short.Sections = rep.Sections[:min(1, len(rep.Sections))]
	short.Request = nil
	return textOf(&short)
}

// textSection writes a section as the runtime would: "goroutine N
// [state]:", then function and file:line per frame; for a build, "# pkg"
// and one "file:line:col: message" per error.
func textSection(b *strings.Builder, kind Kind, s *Section) {
	if kind == KindBuild {
		b.WriteString("# " + s.Title + "\n")
		for _, f := range s.Frames {
			b.WriteString(position(&f) + ": " + f.Message + "\n")
		}
		return
	}
	title := s.Title
	if s.Count > 1 {
		title += " × " + strconv.Itoa(s.Count)
	}
	b.WriteString(title + ":\n")
	for _, f := range s.Frames {
		fmt.Fprintf(b, "%s(...)\n\t%s\n", f.Function, position(&f))
	}
	if s.Elided {
		b.WriteString("...additional frames elided...\n")
	}
	if c := s.CreatedBy; c != nil {
		in := ""
		if s.CreatedIn > 0 {
			in = " in goroutine " + strconv.Itoa(s.CreatedIn)
		}
		fmt.Fprintf(b, "created by %s%s\n\t%s\n", c.Function, in, position(c))
	}
}

// position returns "file:line" or "file:line:col".
func position(f *Frame) string {
	p := f.File + ":" + strconv.Itoa(f.Line)
	if f.Column > 0 {
		p += ":" + strconv.Itoa(f.Column)
	}
	return p
}

func textRequest(b *strings.Builder, r *Request) {
	fmt.Fprintf(b, "\nrequest:\n%s %s %s from %s\n", r.Method, r.URL, r.Proto, r.RemoteAddr)
	for _, l := range []struct {
		name   string
		fields []Field
	}{{"header", r.Header}, {"query", r.Query}, {"cookies", r.Cookies}, {"form", r.Form}} {
		if len(l.fields) == 0 {
			continue
		}
		b.WriteString(l.name + ":\n")
		for _, f := range l.fields {
			fmt.Fprintf(b, "  %s: %s\n", f.Name, f.Value)
		}
	}
}

// indent indents every line of s after the first by prefix.
func indent(s, prefix string) string {
	return strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// markdownOf returns rep as Markdown: the title as a heading and the text
// rendering in a code fence longer than any backtick run inside it.
func markdownOf(rep *Report, text string) string {
	fence := "```"
	for strings.Contains(text, fence) {
		fence += "`"
	}
	return "### " + strings.ReplaceAll(rep.Title, "\n", " ") + "\n\n" + fence + "text\n" + text + fence + "\n"
}
