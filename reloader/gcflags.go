package reloader

import "slices"

// gcflags returns the -gcflags that build the packages of the module at
// modulePath for inspection: with -N -l, without optimizations or
// inlining, so that every local of every frame is readable and the
// console can evaluate expressions in it. With optimize set, or without
// a module, it returns none: the packages build as go build builds them.
// The flags come before the user's, whose -gcflags win for the packages
// they match.
func gcflags(modulePath string, optimize bool) []string {
	if optimize || modulePath == "" {
		return nil
	}
	return []string{"-gcflags=" + modulePath + "/...=-N -l"}
}

// engineFlags returns the flags of the engine's go build: the user's,
// with the main module's packages compiled with -e (every error, not the
// first ten) and, for inspection unless optimize, every local module's
// with -N -l, linked with -compressdwarf=false, which spares the inspector
// inflating the debug information each time it reads it (a fifth of its
// time). A user's -ldflags replaces the latter, as go build takes the
// last one; see withGCFlags for how the user's -gcflags meet these.
func engineFlags(cfg buildConfig) []string {
	var flags []string
	extra := []string{"-e"}
	if !cfg.optimize && cfg.module != "" {
		extra = []string{"-N", "-l", "-e"}
		for _, m := range cfg.modules {
			if m != cfg.module {
				flags = append(flags, gcflags(m, false)...)
			}
		}
		flags = append(flags, "-ldflags=-compressdwarf=false")
	}
	return append(flags, withGCFlags(withoutOutput(cfg.flags), cfg.module, extra...)...)
}

// localModules returns the paths of the modules whose packages ws
// watches (the main module, go.work modules, directory replacements),
// the main module first.
func (ws *watchSet) localModules() []string {
	var main string
	if ws.main != nil && ws.main.Module != nil {
		main = ws.main.Module.Path
	}
	var mods []string
	for m := range ws.modules {
		if m != main {
			mods = append(mods, m)
		}
	}
	slices.Sort(mods)
	if main != "" {
		mods = append([]string{main}, mods...)
	}
	return mods
}

// addModule records the path of a module whose packages ws watches.
func (ws *watchSet) addModule(path string) {
	if path != "" {
		ws.modules[path] = true
	}
}
