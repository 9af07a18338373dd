package debugpage

import (
	"slices"
)

// SourceLine is one line of a frame's file, as the JSON form gives it.
type SourceLine struct {
	N       int    `json:"n"`
	Text    string `json:"text"`
	Current bool   `json:"current,omitempty"` // the frame's own line
}

// WithSource returns a copy of rep whose frames carry the lines around
// them in Source, Context lines either side, for readers that have the
// report but not the files, such as agents: every error of a build, and
// the app's frames of the failing goroutine and of the errors' own
// stacks. A file that cannot be read, or that changed after rep.Built,
// gives no lines. rep itself is not changed.
func (rd *Renderer) WithSource(rep *Report) *Report {
	c := *rep
	c.Sections = slices.Clone(rep.Sections)
	main := slices.IndexFunc(c.Sections, func(s Section) bool { return s.Failing })
	for i := range c.Sections {
		if rep.Kind == KindBuild || i == max(main, 0) {
			c.Sections[i].Frames = rd.framesWithSource(rep, c.Sections[i].Frames)
		}
	}
	c.Errors = slices.Clone(rep.Errors)
	for i, e := range c.Errors {
		if e.Stack != nil {
			s := *e.Stack
			s.Frames = rd.framesWithSource(rep, s.Frames)
			c.Errors[i].Stack = &s
		}
	}
	return &c
}

// framesWithSource returns a copy of frames, the app's (all of them for a
// build) with their source lines.
func (rd *Renderer) framesWithSource(rep *Report, frames []Frame) []Frame {
	out := slices.Clone(frames)
	for i := range out {
		if f := &out[i]; rep.Kind == KindBuild || frameKind(f) == FrameApp {
			f.Source = rd.sourceLines(rep, f)
		}
	}
	return out
}

// sourceLines returns the lines around f, or none when they cannot be
// read or may not match.
func (rd *Renderer) sourceLines(rep *Report, f *Frame) []SourceLine {
	if f.File == "" || f.Line < 1 {
		return nil
	}
	n := rd.context(rep.Kind)
	sf, err := rd.cache.get(f.File, f.Line+n)
	if err != nil || !rep.Built.IsZero() && sf.mod.After(rep.Built) || f.Line > sf.lineCount() {
		return nil
	}
	lo, hi := max(1, f.Line-n), min(sf.lineCount(), f.Line+n)
	texts := sf.text(lo, hi)
	lines := make([]SourceLine, 0, len(texts))
	for i, text := range texts {
		lines = append(lines, SourceLine{N: lo + i, Text: text, Current: lo+i == f.Line})
	}
	return lines
}
