package debugpage

import (
	"path/filepath"
	"runtime/debug"
	"strings"
)

// selfModule is devserve's own module. Its packages are the framework
// around the app: their frames are shown collapsed, like a dependency's.
const selfModule = "github.com/devserve/devserve"

// A classifier says where a frame's code comes from. Its zero value knows
// only what paths and import paths tell: the module cache, GOROOT, the
// standard library's dotless import paths and devserve's own packages.
// With build info (the running program's) it also knows the main module
// and the version of every dependency.
type classifier struct {
	goroot string            // the GOROOT paths of stdlib frames start with, slash-separated; may be empty
	main   string            // the main module's path; empty when unknown
	local  []string          // modules replaced by local directories (treated as the app)
	deps   map[string]string // module path → version
}

// newClassifier returns a classifier for the frames of sections, of a
// program described by bi (which may be nil). It learns GOROOT from the
// file of any frame of the runtime.
func newClassifier(sections []Section, bi *debug.BuildInfo) *classifier {
	c := &classifier{goroot: gorootOf(sections)}
	if bi == nil {
		return c
	}
	c.main = bi.Main.Path
	c.deps = make(map[string]string, len(bi.Deps))
	for _, m := range bi.Deps {
		if r := m.Replace; r != nil && r.Version == "" {
			c.local = append(c.local, m.Path)
			continue
		}
		c.deps[m.Path] = m.Version
	}
	return c
}

// classify fills f.Package, f.Kind, f.Module and f.Version from f.Function
// and f.File.
func (c *classifier) classify(f *Frame) {
	f.Package = packageOf(f.Function)
	file := filepath.ToSlash(f.File)
	switch {
	case isRuntime(f.Package) || f.Function == "panic":
		f.Kind = FrameRuntime
	case c.isStdlib(f.Package, file):
		f.Kind = FrameStdlib
	case inModuleCache(file):
		f.Kind = FrameModule
		f.Module, f.Version = moduleFromCache(file)
	case isFramework(f.Package, file):
		f.Kind, f.Module, f.Version = FrameModule, selfModule, c.deps[selfModule]
	default:
		f.Kind = FrameApp
		c.moduleOf(f)
	}
}

// moduleOf refines an app-looking frame with the build info: a package of
// a dependency is a FrameModule with that dependency's version.
func (c *classifier) moduleOf(f *Frame) {
	if c.main == "" || f.Package == "" {
		return
	}
	if m := c.localModule(f.Package); m != "" {
		f.Module = m
		return
	}
	best := ""
	for m := range c.deps {
		if within(f.Package, m) && len(m) > len(best) {
			best = m
		}
	}
	if best != "" {
		f.Kind, f.Module, f.Version = FrameModule, best, c.deps[best]
	}
}

// localModule returns the module of the app that pkg belongs to: the main
// module (package main included) or a module replaced by a local
// directory; "" if none.
func (c *classifier) localModule(pkg string) string {
	if c.main == "" {
		return ""
	}
	if pkg == "main" || within(pkg, c.main) {
		return c.main
	}
	for _, m := range c.local {
		if within(pkg, m) {
			return m
		}
	}
	return ""
}

// isStdlib reports whether a frame in pkg at file is the standard
// library's. Its import paths, and only its, have no dot in their first
// element; a module of the app with such a path ("module myapp") is told
// apart by the build info or by its files lying outside GOROOT.
func (c *classifier) isStdlib(pkg, file string) bool {
	if pkg == "" || pkg == "main" || strings.Contains(firstElem(pkg), ".") || c.localModule(pkg) != "" {
		return false
	}
	return file == "" || c.inGOROOT(file)
}

// inGOROOT reports whether file is a source file of GOROOT: under the
// GOROOT the runtime's frames told, or, when none did, under a src
// directory whose next element has no dot, or a -trimpath path
// ("net/http/server.go"), which is relative.
func (c *classifier) inGOROOT(file string) bool {
	if c.goroot != "" {
		return strings.HasPrefix(file, c.goroot+"/src/")
	}
	if i := strings.LastIndex(file, "/src/"); i >= 0 {
		file = file[i+len("/src/"):]
	} else if isAbs(file) {
		return false
	}
	return !strings.Contains(firstElem(file), ".")
}

// isAbs reports whether a slash-separated path is absolute on any
// platform: "/usr/local/go/..." or "C:/Program Files/Go/...".
func isAbs(file string) bool {
	return strings.HasPrefix(file, "/") || len(file) > 2 && file[1] == ':' && file[2] == '/'
}

// inModuleCache reports whether file is in the module cache.
func inModuleCache(file string) bool {
	return strings.Contains(file, "/pkg/mod/") && strings.Contains(file, "@")
}

// isFramework reports whether a frame in pkg at file is devserve's own,
// wherever devserve's source lives (a workspace, a local replace, or the
// main module). Its examples and tests are not: they run only when
// devserve is the main module, and are then the app.
func isFramework(pkg, file string) bool {
	return within(pkg, selfModule) && !within(pkg, selfModule+"/examples") &&
		!strings.HasSuffix(file, "_test.go")
}

// stdlibPath reports whether the import path pkg can be of the standard
// library: its first element has no dot, and it is neither main nor in
// the main module m (which may be "", unknown).
func stdlibPath(pkg, m string) bool {
	if pkg == "" || pkg == "main" || strings.Contains(firstElem(pkg), ".") {
		return false
	}
	return m == "" || !within(pkg, m)
}

// isRuntime reports whether pkg is the runtime or one of its internals.
func isRuntime(pkg string) bool {
	return pkg == "runtime" || strings.HasPrefix(pkg, "runtime/internal/") ||
		strings.HasPrefix(pkg, "internal/runtime/")
}

// packageOf returns the import path of a fully qualified function name:
// "example.com/app/msg.(*Store).Get" → "example.com/app/msg". Dots in the
// last element of a path are escaped in symbol names
// ("gopkg.in/yaml%2ev3.Unmarshal"), so the first dot after the last slash
// ends the path.
func packageOf(function string) string {
	slash := strings.LastIndexByte(function, '/')
	dot := strings.IndexByte(function[slash+1:], '.')
	if dot < 0 {
		return ""
	}
	return strings.ReplaceAll(function[:slash+1+dot], "%2e", ".")
}

// moduleFromCache returns the module path and version of a file in the
// module cache: ".../pkg/mod/github.com/!foo/bar@v1.2.3/x.go" →
// "github.com/Foo/bar", "v1.2.3".
func moduleFromCache(file string) (path, version string) {
	rest := file[strings.Index(file, "/pkg/mod/")+len("/pkg/mod/"):]
	at := strings.IndexByte(rest, '@')
	if at < 0 {
		return "", ""
	}
	version = rest[at+1:]
	if i := strings.IndexByte(version, '/'); i >= 0 {
		version = version[:i]
	}
	return unescapeModule(rest[:at]), version
}

// unescapeModule undoes the module cache's case encoding ("!b" → "B").
func unescapeModule(p string) string {
	if !strings.Contains(p, "!") {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '!' && i+1 < len(p) {
			i++
			b.WriteString(strings.ToUpper(p[i : i+1]))
			continue
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

// within reports whether pkg is module m or a package inside it.
func within(pkg, m string) bool {
	return pkg == m || strings.HasPrefix(pkg, m) && pkg[len(m)] == '/'
}

// firstElem returns the first element of an import path.
func firstElem(p string) string {
	if i := strings.IndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return p
}

// gorootOf returns the GOROOT of the toolchain that built the frames of
// sections, learnt from a frame of the runtime, whose files are all
// GOROOT's ("/usr/local/go/src/runtime/panic.go" → "/usr/local/go"), or ""
// if none tells.
func gorootOf(sections []Section) string {
	for _, s := range sections {
		for _, f := range s.Frames {
			if !isRuntime(packageOf(f.Function)) && f.Function != "panic" {
				continue
			}
			file := filepath.ToSlash(f.File)
			if i := strings.LastIndex(file, "/src/"); i > 0 {
				return file[:i]
			}
		}
	}
	return ""
}
