package reloader

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unique"
)

// watchSet is what the engine watches: the files a build reads, the
// directories they live in, and the user's globs.
//
// A set holds a hundred thousand files as easily as ten: the source files
// are kept per directory, as base names, each name stored once however
// many directories hold it. Once built and handed to the engine, a set is
// not changed.
type watchSet struct {
	main  *listedPackage     // the main package without its file lists, nil if go list did not name it
	files map[string]bool    // files named one by one, by absolute path: go.mod, go.sum, go.work
	srcs  map[string]*srcDir // directories holding files a build reads, or where a new file means a rebuild
	dirs  map[string]bool    // every directory to watch
	globs globs

	modules map[string]bool // the paths of the modules of the packages watched

}

// globs holds the user's Watch, Reload and Exclude patterns, relative to
// root.
type globs struct {
	root                     string
	restart, reload, exclude []string
	generate                 []string // the generators' sources: only their directories matter here
}

// newWatchSet builds the watch set from go list's packages. Packages of
// the standard library and of the module cache are not watched.
func newWatchSet(pkgs []*listedPackage, ge goEnv, g globs) *watchSet {
	ws := emptySet(g)
	for _, p := range pkgs {
		ws.add(p, ge)
	}
	ws.finish(ge)
	return ws
}

// listWatchSet runs go list for pkg and builds the watch set from the
// packages as they come: only one package's lists are held at a time.
func listWatchSet(ctx context.Context, dir string, env, flags []string, pkg string, ge goEnv, g globs) (*watchSet, error) {
	ws := emptySet(g)
	err := eachPackage(ctx, dir, env, flags, pkg, func(p *listedPackage) {
		ws.add(p, ge)
	})
	if err != nil {
		return nil, err
	}
	ws.finish(ge)
	return ws, nil
}

// emptySet returns a set that watches nothing yet.
func emptySet(g globs) *watchSet {
	return &watchSet{
		files: make(map[string]bool),
		srcs:  make(map[string]*srcDir),
		dirs:  make(map[string]bool),
		globs: g,

		modules: make(map[string]bool),
	}
}

// add adds p, one of go list's packages, unless it cannot change.
func (ws *watchSet) add(p *listedPackage, ge goEnv) {
	if len(p.Match) > 0 && ws.main == nil {
		ws.main = p.header()
	}
	if isLocal(p, ge.GOMODCACHE) {
		ws.addPackage(p)
	}
}

// finish adds the workspace files and the directories of the Watch and
// Reload globs, once every package is in.
func (ws *watchSet) finish(ge goEnv) {
	if ge.GOWORK != "" && ge.GOWORK != "off" {
		ws.addFile(ge.GOWORK)
		ws.addFile(ge.GOWORK + ".sum")
	}
	for _, dir := range ws.globs.dirs() {
		ws.dirs[dir] = true
	}
}

// isLocal reports whether p's sources can change under the developer's
// hands: not the standard library, not a read-only module cache copy.
func isLocal(p *listedPackage, modcache string) bool {
	if p.Standard || p.Dir == "" {
		return false
	}
	return modcache == "" || !within(p.Dir, modcache)
}

// addPackage adds p's directory, source files and module files.
func (ws *watchSet) addPackage(p *listedPackage) {
	ws.srcDir(p.Dir).pkg = true
	for _, files := range p.codeLists() {
		ws.addSources(p.Dir, files, false)
	}
	ws.addSources(p.Dir, p.EmbedFiles, true)
	if m := p.Module; m != nil {
		ws.addModule(m.Path)
		if m.Replace != nil {
			m = m.Replace
		}
		if m.Dir != "" {
			ws.addFile(filepath.Join(m.Dir, "go.mod"))
			ws.addFile(filepath.Join(m.Dir, "go.sum"))
		}
	}
}

// addSources adds files, slash-separated paths relative to dir as go list
// gives them, and marks their directories as holding embedded files if
// embed is set. go list sorts its lists: a directory's path is built once
// for a run of files in it, and a name is appended to its sorted list.
func (ws *watchSet) addSources(dir string, files []string, embed bool) {
	for len(files) > 0 {
		rel, _ := splitRel(files[0])
		n := 1
		for n < len(files) && strings.HasPrefix(files[n], rel) && !strings.Contains(files[n][len(rel):], "/") {
			n++
		}
		sd := ws.srcDir(filepath.Join(dir, filepath.FromSlash(rel)))
		sd.embed = sd.embed || embed
		sd.names = slices.Grow(sd.names, n)
		for _, f := range files[:n] {
			_, base := splitRel(f)
			sd.insert(unique.Make(base).Value()) // one copy of "index.html" for all directories
		}
		files = files[n:]
	}
}

// splitRel splits a slash-separated relative path after its last slash.
func splitRel(f string) (dir, base string) {
	i := strings.LastIndexByte(f, '/')
	return f[:i+1], f[i+1:]
}

// srcDir returns what ws holds of dir, adding dir if it holds nothing yet.
func (ws *watchSet) srcDir(dir string) *srcDir {
	sd := ws.srcs[dir]
	if sd == nil {
		sd = new(srcDir)
		ws.srcs[dir] = sd
		ws.dirs[dir] = true
	}
	return sd
}

// addFile adds one file, by absolute path, and its directory.
func (ws *watchSet) addFile(name string) {
	ws.files[name] = true
	ws.dirs[filepath.Dir(name)] = true
}

// union adds the files and directories of old to ws, so that a graph go
// list could only see in part after a failed build loses nothing. ws is a
// new set, not yet in use; what it takes of old, old keeps.
func (ws *watchSet) union(old *watchSet) {
	for f := range old.files {
		ws.files[f] = true
	}
	for d := range old.dirs {
		ws.dirs[d] = true
	}
	for d, o := range old.srcs {
		if sd := ws.srcs[d]; sd != nil {
			sd.merge(o)
		} else {
			ws.srcs[d] = o // shared: a set in use is not changed
		}
	}
	if ws.main == nil {
		ws.main = old.main
	}
}

// has reports whether the named file, by absolute path, is in the set.
func (ws *watchSet) has(name string) bool {
	sd := ws.srcs[filepath.Dir(name)]
	return ws.files[name] || sd != nil && sd.has(filepath.Base(name))
}

// fileCount returns the number of files in the set.
func (ws *watchSet) fileCount() int {
	n := len(ws.files)
	for _, sd := range ws.srcs {
		n += len(sd.names)
	}
	return n
}

// dirList returns the directories to watch, sorted.
func (ws *watchSet) dirList() []string {
	dirs := make([]string, 0, len(ws.dirs))
	for d := range ws.dirs {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	return dirs
}

// action is what a change asks the engine to do.
type action int

const (
	ignore  action = iota // nothing
	reload                // reload the open pages: the app reads the file as it runs
	restart               // restart the app with the binary it has
	rebuild               // build again, then restart
)

// classify says what a change of the named file (or directory) asks for.
func (ws *watchSet) classify(name string) action {
	if junk(name) || ws.globs.excluded(name) {
		return ignore
	}
	dir, base := filepath.Split(name)
	dir = filepath.Clean(dir)
	self, in := ws.srcs[name], ws.srcs[dir] // name as a directory; name's directory
	switch {
	case ws.files[name], in != nil && in.has(base), self != nil && (self.pkg || self.embed):
		return rebuild
	case in != nil && in.pkg && isSourceName(base):
		return rebuild
	case in != nil && in.embed && !hiddenName(base) && !ws.globs.reloads(name): // a new file a pattern may embed
		return rebuild
	case ws.globs.restarts(name):
		return restart
	case !hiddenName(base) && ws.globs.reloads(name): // an editor's temporary file
		return reload
	}
	return ignore
}

// fallbackSet is the watch set when go list fails: the package's
// directory, when pkg names one, and the module files of dir and of the
// module above it.
func fallbackSet(dir, pkg string, g globs) *watchSet {
	ws := newWatchSet(nil, goEnv{}, g)
	pkgDir := dir
	switch {
	case filepath.IsAbs(pkg):
		pkgDir = pkg
	case strings.HasPrefix(pkg, "."):
		pkgDir = filepath.Join(dir, pkg)
	}
	ws.srcDir(pkgDir).pkg = true
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			for _, f := range []string{"go.mod", "go.sum", "go.work", "go.work.sum"} {
				ws.addFile(filepath.Join(d, f))
			}
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return ws
}
