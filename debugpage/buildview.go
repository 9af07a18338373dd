package debugpage

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/devserve/devserve/templates"
)

// A build's errors are drawn a group at a time: the errors on nearby lines
// of one file share one snippet, each marked under its line by a caret at
// its column and its message. The text and JSON forms keep one entry per
// error.

// truncatedNote is said under the errors of a package whose compiler
// stopped at its limit.
const truncatedNote = "… and more: the compiler stopped at its limit of errors in this package …"

// buildSection builds the view of a build's package: its errors grouped by
// groupErrors, the first maxOpenFrames groups of the page expanded.
func (pb *pageBuilder) buildSection(s *Section) templates.Section {
	v := templates.Section{ID: pb.id("s"), Title: s.Title}
	for _, g := range groupErrors(s.Frames, pb.context) {
		v.Groups = append(v.Groups, templates.FrameGroup{Frames: []templates.Frame{pb.errorFrame(g)}})
	}
	if s.Truncated {
		v.Note = truncatedNote
	}
	return v
}

// groupErrors gathers a package's errors into the groups drawn as one
// snippet each: the errors of one file whose snippets, context lines
// either side, would overlap. Errors without a file or line stand alone.
// Groups come in the order of their files' first errors, then by line;
// errors within a group by line and column.
func groupErrors(frames []Frame, context int) [][]Frame {
	keys := groupKeys(frames)
	order := make([]int, len(frames))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		fa, fb := &frames[a], &frames[b]
		return cmp.Or(cmp.Compare(keys[a], keys[b]), cmp.Compare(fa.Line, fb.Line), cmp.Compare(fa.Column, fb.Column))
	})
	var groups [][]Frame
	for n, i := range order {
		if n > 0 && keys[order[n-1]] == keys[i] && frames[i].Line-frames[order[n-1]].Line <= 2*context {
			groups[len(groups)-1] = append(groups[len(groups)-1], frames[i])
			continue
		}
		groups = append(groups, []Frame{frames[i]})
	}
	return groups
}

// groupKeys returns, for each frame, the index of the first frame of its
// file, or its own index when it has no file or line: frames of one key
// may share a group.
func groupKeys(frames []Frame) []int {
	first := make(map[string]int)
	keys := make([]int, len(frames))
	for i, f := range frames {
		keys[i] = i
		if f.File == "" || f.Line < 1 {
			continue
		}
		if k, ok := first[f.File]; ok {
			keys[i] = k
		} else {
			first[f.File] = i
		}
	}
	return keys
}

// errorFrame builds the view of a group of errors: one error's message in
// the summary, or the number of them, and the snippet with their marks.
func (pb *pageBuilder) errorFrame(g []Frame) templates.Frame {
	f := &g[0]
	v := templates.Frame{
		ID:        pb.id("f"),
		Location:  groupLocation(g),
		EditorURL: pb.rd.editor().link(f.File, f.Line, f.Column),
		Kind:      string(FrameApp),
		Open:      pb.opened < maxOpenFrames,
		Source:    pb.errorSource(g),
	}
	pb.opened++
	if f.RelFile != "" {
		v.Path = f.File
	}
	if len(g) == 1 {
		v.Message = f.Message
		return v
	}
	v.Errors = len(g)
	if v.Source == nil || v.Source.HTML == "" {
		for i := range g {
			v.Unshown = append(v.Unshown, shownPosition(&g[i])+": "+g[i].Message)
		}
	}
	return v
}

// groupLocation names the place of a group: "web/users.go:4:9" for one
// error, "web/users.go:4–12" for several on different lines.
func groupLocation(g []Frame) string {
	first, last := &g[0], &g[len(g)-1]
	switch {
	case len(g) == 1:
		return shownPosition(first)
	case first.Line == last.Line:
		return fmt.Sprintf("%s:%d", shownFile(first), first.Line)
	}
	return fmt.Sprintf("%s:%d–%d", shownFile(first), first.Line, last.Line)
}

// shownPosition returns f's position as the page shows it: its file
// relative to the module when the report says so; "" without a file.
func shownPosition(f *Frame) string {
	if f.File == "" {
		return ""
	}
	c := *f
	c.File = shownFile(f)
	return position(&c)
}

// shownFile returns the name the page gives f's file.
func shownFile(f *Frame) string {
	return cmp.Or(f.RelFile, f.File)
}

// errorSource returns the snippet of a group: its lines, context lines
// either side, and a mark under each error's line; nil for errors without
// a position.
func (pb *pageBuilder) errorSource(g []Frame) *templates.Source {
	first, last := g[0].Line, g[len(g)-1].Line
	if g[0].File == "" || first < 1 {
		return nil
	}
	sf, note := pb.sourceFile(g[0].File, last, last+pb.context)
	if note != nil {
		return note
	}
	marks := make(map[int][]templates.Mark, len(g))
	for _, f := range g {
		m := templates.Mark{Column: f.Column}
		if len(g) > 1 {
			m.Message = f.Message
		}
		marks[f.Line] = append(marks[f.Line], m)
	}
	src, err := sf.marked(span{max(1, first-pb.context), min(sf.lineCount(), last+pb.context)}, marks)
	if err != nil {
		return &templates.Source{Note: "source not shown: " + err.Error()}
	}
	return src
}
