package debugpage

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/devserve/devserve/templates"
)

// maxOpenFrames bounds the app frames of the failing goroutine expanded
// when the page loads.
const maxOpenFrames = 8

// pageBuilder turns a Report into the debug page's template data.
type pageBuilder struct {
	rd      *Renderer
	rep     *Report
	context int // source lines shown either side of a frame's line
	ids     int // the last ID handed out
	library int // library frames of the main sections, for the toggle
	opened  int // a build's frames expanded so far
}

// page builds the template data for rep.
func (rd *Renderer) page(rep *Report) *templates.Page {
	pb := &pageBuilder{rd: rd, rep: rep, context: rd.context(rep.Kind)}
	p := &templates.Page{
		Kind:         string(rep.Kind),
		KindLabel:    kindLabel(rep.Kind),
		Title:        rep.Title,
		Message:      rep.Message,
		AssetBase:    rd.assetBase(),
		AssetVersion: templates.Version(),
		ExitStatus:   rep.ExitStatus,
		Output:       rep.Output,
		Request:      requestView(rep.Request),
		Token:        rd.Token,
	}
	for _, f := range rep.Fixes {
		if rd.Token == "" {
			f.Action = ""
		}
		p.Fixes = append(p.Fixes, templates.Fix{Title: f.Title, Detail: f.Detail, Command: f.Command, Action: f.Action})
	}
	if !rep.Time.IsZero() {
		p.Time = rep.Time.Format("15:04:05")
	}
	if first, rest, _ := strings.Cut(rep.Message, "\n"); strings.HasSuffix(rep.Title, first) {
		p.Message = rest // the first line is in the title already
	}
	for i := range rep.Errors {
		p.Errors = append(p.Errors, pb.errorView(&rep.Errors[i]))
	}
	for i := range rep.Sections {
		switch {
		case rep.Kind == KindBuild:
			p.Sections = append(p.Sections, pb.buildSection(&rep.Sections[i]))
		case i == 0:
			p.Sections = append(p.Sections, pb.section(&rep.Sections[i], true))
		default:
			p.Goroutines = append(p.Goroutines, pb.section(&rep.Sections[i], false))
		}
	}
	p.LibraryFrames = pb.library
	p.Text, p.Markdown = textOf(rep), rd.markdown(rep)
	return p
}

func kindLabel(k Kind) string {
	switch k {
	case KindCrash:
		return "The program crashed"
	case KindBuild:
		return "Build failed"
	case KindNotListening:
		return "Not listening"
	case KindFix:
		return "Fix applied"
	}
	return "Panic"
}

func (pb *pageBuilder) id(prefix string) string {
	pb.ids++
	return prefix + strconv.Itoa(pb.ids)
}

func (pb *pageBuilder) errorView(e *ErrorInfo) templates.Error {
	v := templates.Error{Type: e.Type, Message: e.Message}
	if e.Stack != nil {
		s := pb.section(e.Stack, false)
		v.Stack = &s
	}
	return v
}

// section builds a section's view. In a main section (the failing
// goroutine, a build's package) app frames are expanded, the first one
// being the app's frame nearest the panic, and the first frame is always
// shown (expanded too when no frame is the app's); runs of library frames
// are grouped under one collapsed summary.
func (pb *pageBuilder) section(s *Section, main bool) templates.Section {
	v := templates.Section{ID: pb.id("s"), Title: s.Title, Count: s.Count, Failing: s.Failing, Elided: s.Elided}
	opened := 0
	noApp := !slices.ContainsFunc(s.Frames, pb.isApp)
	for i := range s.Frames {
		f := &s.Frames[i]
		if i > 0 && sameFrame(f, &s.Frames[i-1]) {
			g := &v.Groups[len(v.Groups)-1]
			last := &g.Frames[len(g.Frames)-1]
			last.Repeat = max(last.Repeat, 1) + 1
			continue
		}
		app := pb.isApp(*f)
		open := main && (app || i == 0 && noApp) && opened < maxOpenFrames
		if open {
			opened++
		}
		fv := pb.frame(f, open, sourceFor(main, app))
		if app || (main && i == 0) {
			v.Groups = append(v.Groups, templates.FrameGroup{Frames: []templates.Frame{fv}})
			continue
		}
		if main {
			pb.library++
		}
		n := len(v.Groups)
		if n == 0 || !v.Groups[n-1].Library {
			v.Groups = append(v.Groups, templates.FrameGroup{Library: true})
			n++
		}
		g := &v.Groups[n-1]
		g.Frames = append(g.Frames, fv)
		g.Label = libraryLabel(len(g.Frames))
	}
	if c := s.CreatedBy; c != nil {
		cv := pb.frame(c, false, noSource)
		v.CreatedBy = &cv
	}
	return v
}

// isApp reports whether f is the app's code, which pages show expanded.
func (pb *pageBuilder) isApp(f Frame) bool {
	return f.Kind == FrameApp || f.Kind == ""
}

// sameFrame reports whether two frames are the same call site, as in a
// recursion.
func sameFrame(a, b *Frame) bool {
	return a.Function == b.Function && a.File == b.File && a.Line == b.Line
}

func libraryLabel(n int) string {
	if n == 1 {
		return "1 library frame"
	}
	return fmt.Sprintf("%d library frames", n)
}

// sourceMode says how much source a frame shows.
type sourceMode int

const (
	noSource      sourceMode = iota
	contextSource            // the lines around the frame's line
	wholeSource              // and the enclosing function on expand
)

// sourceFor picks the source a frame shows: the main sections' frames
// show their context and, for the app's, the whole function; other
// goroutines show the context of app frames only.
func sourceFor(main, app bool) sourceMode {
	switch {
	case main && app:
		return wholeSource
	case main || app:
		return contextSource
	}
	return noSource
}

// frame builds a frame's view, with its source.
func (pb *pageBuilder) frame(f *Frame, open bool, mode sourceMode) templates.Frame {
	slash := strings.LastIndexByte(f.Function, '/')
	return templates.Frame{
		ID:        pb.id("f"),
		FuncDir:   f.Function[:slash+1],
		Function:  f.Function[slash+1:],
		Location:  position(f),
		EditorURL: pb.rd.editor().link(f.File, f.Line, f.Column),
		Kind:      string(frameKind(f)),
		Module:    f.Module,
		Version:   f.Version,
		Message:   f.Message,
		Open:      open,
		Source:    pb.source(f, mode),
	}
}

func frameKind(f *Frame) FrameKind {
	if f.Kind == "" {
		return FrameApp
	}
	return f.Kind
}

// source returns the lines around f as mode says, or a note saying why
// there are none.
func (pb *pageBuilder) source(f *Frame, mode sourceMode) *templates.Source {
	if mode == noSource || f.File == "" || f.Line < 1 {
		return nil
	}
	upTo := f.Line + pb.context
	if mode == wholeSource {
		upTo = 0 // the enclosing function may end anywhere
	}
	sf, note := pb.sourceFile(f.File, f.Line, upTo)
	if note != nil {
		return note
	}
	lo, hi := max(1, f.Line-pb.context), min(sf.lineCount(), f.Line+pb.context)
	first, last := lo, hi
	if mode == wholeSource {
		if fn, ok := sf.enclosing(f.Line); ok && fn.end-fn.start < maxFunctionLines && (fn.start < lo || fn.end > hi) {
			first, last = min(lo, fn.start), max(hi, fn.end)
		}
	}
	src, err := sf.source(view{shown: span{first, last}, context: span{lo, hi}, line: f.Line})
	if err != nil {
		return &templates.Source{Note: "source not shown: " + err.Error()}
	}
	return src
}

// sourceFile returns the file that holds line, read through line upTo
// (whole if upTo < 1), or a note saying why its lines cannot be shown.
func (pb *pageBuilder) sourceFile(file string, line, upTo int) (*sourceFile, *templates.Source) {
	sf, err := pb.rd.cache.get(file, upTo)
	if err != nil {
		return nil, &templates.Source{Note: "source not available: " + err.Error()}
	}
	if b := pb.rep.Built; !b.IsZero() && sf.mod.After(b) {
		return nil, &templates.Source{Note: "the file changed after the program was built; its lines may no longer match, so none are shown"}
	}
	if line > sf.lineCount() {
		return nil, &templates.Source{Note: fmt.Sprintf("the file has %d lines, fewer than line %d: it changed after the program was built", sf.lineCount(), line)}
	}
	return sf, nil
}

func requestView(r *Request) *templates.Request {
	if r == nil {
		return nil
	}
	return &templates.Request{
		Method: r.Method, URL: r.URL, Proto: r.Proto, RemoteAddr: r.RemoteAddr,
		Header: fieldsView(r.Header), Query: fieldsView(r.Query),
		Cookies: fieldsView(r.Cookies), Form: fieldsView(r.Form),
	}
}

func fieldsView(fs []Field) []templates.Field {
	out := make([]templates.Field, len(fs))
	for i, f := range fs {
		out[i] = templates.Field(f)
	}
	return out
}

// pageSize estimates the size of p drawn: the copy texts, the source
// tables, and about half a kilobyte of markup for each frame.
func pageSize(p *templates.Page) int {
	n := 4<<10 + len(p.Text) + len(p.Markdown) + len(p.Output)
	for _, s := range p.Sections {
		n += sectionSize(&s)
	}
	for _, s := range p.Goroutines {
		n += sectionSize(&s)
	}
	for _, e := range p.Errors {
		if e.Stack != nil {
			n += sectionSize(e.Stack)
		}
	}
	return n
}

func sectionSize(s *templates.Section) int {
	n := 256
	for _, g := range s.Groups {
		for _, f := range g.Frames {
			n += 512
			if f.Source != nil {
				n += len(f.Source.HTML)
			}
		}
	}
	return n
}
