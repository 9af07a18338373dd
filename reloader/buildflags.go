package reloader

import "strings"

// withGCFlags returns the user's build flags with the compiler flags extra
// added for every package of the main module, whose path is module: the
// engine compiles the module with -e, so that the compiler reports every
// error rather than stopping at ten.
//
// go build gives each package the flags of the last -gcflags whose
// pattern matches it, replacing those of any earlier one. So the module's
// pattern comes first, and extra is appended to each of the user's own
// -gcflags: a package the user's flags name keeps them, with extra (even
// outside the module, where -e is harmless); any other package of the
// module gets extra alone. A -gcflags in GOFLAGS comes before the command
// line and is overridden for the module's packages: set it in BuildFlags
// instead. Without a module path the flags are returned as they are.
func withGCFlags(flags []string, module string, extra ...string) []string {
	if module == "" || len(extra) == 0 {
		return flags
	}
	add := strings.Join(extra, " ")
	out := make([]string, 0, len(flags)+1)
	out = append(out, "-gcflags="+module+"/...="+add)
	for i := 0; i < len(flags); i++ {
		name, value, hasValue := strings.Cut(flags[i], "=")
		if name != "-gcflags" && name != "--gcflags" || !hasValue && i+1 == len(flags) {
			out = append(out, flags[i])
			continue
		}
		if !hasValue { // -gcflags value
			i++
			value = flags[i]
		}
		out = append(out, "-gcflags="+appendGCFlags(value, add))
	}
	return out
}

// appendGCFlags appends add to the flags of a -gcflags value, which is
// "flags" (for the packages named on the command line) or
// "pattern=flags". An empty value, which clears the flags of the named
// packages, becomes add; a pattern without flags is left for go build to
// refuse.
func appendGCFlags(value, add string) string {
	flags, pattern := strings.TrimSpace(value), ""
	if flags != "" && !strings.HasPrefix(flags, "-") {
		p, rest, ok := strings.Cut(flags, "=")
		if !ok {
			return value
		}
		pattern, flags = p+"=", strings.TrimSpace(rest)
	}
	if flags == "" {
		return pattern + add
	}
	return pattern + flags + " " + add
}

// modulePath returns the path of the main package's module, or "" when
// go list did not name one (outside a module, or a go.mod it cannot read).
func modulePath(main *listedPackage) string {
	if main == nil || main.Module == nil {
		return ""
	}
	return main.Module.Path
}
