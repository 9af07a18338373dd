package debugpage

import (
	"io"

	"github.com/devserve/devserve/templates"
)

// maxVarNodes bounds the variables and children drawn for one frame;
// past it, values offer to load more instead.
const maxVarNodes = 2000

// vars builds the view of f's variables, or nil if f was not inspected.
func (pb *pageBuilder) vars(f *Frame) *templates.Vars {
	if !f.inspected {
		return nil
	}
	in := pb.rep.Inspection
	budget := maxVarNodes
	culprit := ""
	if f.Culprit != nil {
		culprit = f.Culprit.String()
	}
	return &templates.Vars{
		Culprit: culprit,
		Note:    f.VarsNote,
		Depth:   f.depth,
		Console: in != nil && in.Token != "",
		Args:    varViews(f.Args, &budget),
		Locals:  varViews(f.Locals, &budget),
	}
}

// varViews builds the views of vars, spending budget on each node.
func varViews(vars []Var, budget *int) []templates.Var {
	out := make([]templates.Var, 0, len(vars))
	for i := range vars {
		*budget--
		out = append(out, varView(&vars[i], budget))
	}
	return out
}

// varView builds the view of v. The children of a pointer or interface
// are those of its target, so that expanding a pointer to a struct shows
// the struct's fields.
func varView(v *Var, budget *int) templates.Var {
	tv := templates.Var{Name: v.Name, Type: v.Type, Line: v.Line(), Nil: v.Nil, Error: v.Error != ""}
	if v.Cut {
		tv.More = v.Expr
	}
	kids := v.Children
	if len(kids) == 1 && (v.Kind == "ptr" || v.Kind == "interface") {
		if t := &kids[0]; t.Cut {
			tv.More = t.Expr
		}
		kids = kids[0].Children
	}
	for i := range kids {
		if *budget <= 0 {
			tv.More = v.Expr
			break
		}
		*budget--
		tv.Children = append(tv.Children, varView(&kids[i], budget))
	}
	return tv
}

// consoleView returns what the page's console needs, or nil when the
// goroutine is not parked for the page.
func consoleView(in *Inspection) *templates.Console {
	if in == nil || in.Token == "" {
		return nil
	}
	return &templates.Console{Token: in.Token, URL: in.Console}
}

// inspectNote returns the line that says why frames show no variables.
func inspectNote(in *Inspection) string {
	if in == nil || in.Note == "" {
		return ""
	}
	return "Frames not inspected: " + in.Note
}

// WriteVarHTML writes v as the page draws a variable, for the console's
// answers.
func WriteVarHTML(w io.Writer, v *Var) error {
	budget := maxVarNodes
	tv := varView(v, &budget)
	tv.Open = true
	return templates.WriteVar(w, &tv)
}
