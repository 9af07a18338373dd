//go:build linux && (amd64 || arm64)

package inspect

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/go-delve/delve/pkg/proc"
	"github.com/go-delve/delve/service/api"

	"github.com/devserve/devserve/debugpage"
)

// vars converts the debugger's variables of a frame, leaving out the
// unnamed results ("~r0"), which hold nothing before the function
// returns.
func vars(pv []*proc.Variable) []debugpage.Var {
	out := make([]debugpage.Var, 0, len(pv))
	for _, v := range pv {
		if strings.HasPrefix(v.Name, "~") {
			continue
		}
		out = append(out, convert(v, v.Name))
	}
	return out
}

// convert converts one of the debugger's variables, which evaluates to
// its value as expr.
func convert(v *proc.Variable, expr string) debugpage.Var {
	av := api.ConvertVar(v)
	out := fromAPI(av, expr)
	if av.Flags&api.VariableShadowed != 0 {
		out.Name += " (shadowed)"
		out.Expr = ""
	}
	return out
}

// fromAPI converts a variable as the debugger's API has it.
func fromAPI(av *api.Variable, expr string) debugpage.Var {
	v := debugpage.Var{Name: av.Name, Type: av.Type, Kind: av.Kind.String(), Len: av.Len, Cap: av.Cap, Expr: expr}
	if av.Unreadable != "" {
		v.Error = "unreadable: " + av.Unreadable
		return v
	}
	switch av.Kind {
	case reflect.Pointer:
		pointer(&v, av)
	case reflect.Interface:
		iface(&v, av)
	case reflect.Struct:
		v.Children = fields(av, expr)
		v.Cut = len(av.Children) == 0 && av.Len > 0
	case reflect.Slice, reflect.Array:
		v.Nil = av.Kind == reflect.Slice && av.Base == 0 && av.Len == 0
		v.Children = elems(av, expr)
		v.Cut = int64(len(av.Children)) < av.Len
	case reflect.Map:
		mapping(&v, av)
	case reflect.String:
		v.Value = av.Value
		v.Cut = int64(len(av.Value)) < av.Len
	case reflect.Chan:
		v.Nil = len(av.Children) == 0
		v.Value = address(av.Base)
	case reflect.Func:
		v.Nil, v.Value = av.Value == "", av.Value
	case reflect.UnsafePointer:
		v.Nil = len(av.Children) == 0 || av.Children[0].Addr == 0
		if !v.Nil {
			v.Value = address(av.Children[0].Addr)
		}
	default:
		v.Value = av.Value
	}
	return v
}

// pointer fills in a pointer: nil, its target, or only its address when
// the limits kept the target from being loaded.
func pointer(v *debugpage.Var, av *api.Variable) {
	if len(av.Children) == 0 || av.Children[0].Addr == 0 {
		v.Nil = true
		return
	}
	target := &av.Children[0]
	v.Value = address(target.Addr)
	if target.OnlyAddr {
		v.Cut = true
		return
	}
	c := fromAPI(target, deref(v.Expr))
	c.Name = ""
	v.Children = []debugpage.Var{c}
}

// iface fills in an interface: nil, or its dynamic value.
func iface(v *debugpage.Var, av *api.Variable) {
	if av.Addr == 0 || len(av.Children) == 0 || av.Children[0].Kind == reflect.Invalid && av.Children[0].Addr == 0 {
		v.Nil = true
		return
	}
	data := &av.Children[0]
	if data.OnlyAddr {
		v.Cut = true
		return
	}
	c := fromAPI(data, v.Expr)
	c.Name = ""
	v.Children = []debugpage.Var{c}
	v.Type += " (" + data.Type + ")"
}

// fields converts a struct's fields.
func fields(av *api.Variable, expr string) []debugpage.Var {
	out := make([]debugpage.Var, len(av.Children))
	for i := range av.Children {
		out[i] = fromAPI(&av.Children[i], join(expr, "."+av.Children[i].Name))
	}
	return out
}

// elems converts an array's or slice's elements.
func elems(av *api.Variable, expr string) []debugpage.Var {
	out := make([]debugpage.Var, len(av.Children))
	for i := range av.Children {
		out[i] = fromAPI(&av.Children[i], join(expr, "["+strconv.Itoa(i)+"]"))
		out[i].Name = strconv.Itoa(i)
	}
	return out
}

// mapping fills in a map, whose entries the debugger lists as keys and
// values in turn; each entry is its value named by its key, drawn.
func mapping(v *debugpage.Var, av *api.Variable) {
	v.Nil = av.Base == 0 && av.Len == 0
	for i := 0; i+1 < len(av.Children); i += 2 {
		k := fromAPI(&av.Children[i], "")
		c := fromAPI(&av.Children[i+1], join(v.Expr, keyExpr(&k)))
		c.Name = k.Line()
		v.Children = append(v.Children, c)
	}
	v.Cut = int64(len(v.Children)) < av.Len
}

// keyExpr returns the index expression of a map entry whose key is k,
// or "" when the key cannot be written as a literal.
func keyExpr(k *debugpage.Var) string {
	switch {
	case k.Kind == "string" && !k.Cut:
		return "[" + strconv.Quote(k.Value) + "]"
	case k.Kind == "bool" || strings.HasPrefix(k.Kind, "int") || strings.HasPrefix(k.Kind, "uint"):
		return "[" + k.Value + "]"
	}
	return ""
}

// join appends a selector or index to expr, or returns "" when either
// cannot be written.
func join(expr, sel string) string {
	if expr == "" || sel == "" || sel == "." {
		return ""
	}
	return expr + sel
}

// deref returns the expression of what expr points to.
func deref(expr string) string {
	if expr == "" {
		return ""
	}
	return "(*" + expr + ")"
}

// address writes a pointer's address as fmt does.
func address(a uint64) string {
	if a == 0 {
		return ""
	}
	return "0x" + strconv.FormatUint(a, 16)
}
