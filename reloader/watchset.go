package reloader

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// listFields are the fields of go list's JSON the watch set is built from;
// naming them lets the go command skip the work the others cost.
const listFields = "Dir,ImportPath,Name,Standard,Module,Match,Error," +
	"GoFiles,CgoFiles,CFiles,CXXFiles,HFiles,MFiles,FFiles,SFiles," +
	"SwigFiles,SwigCXXFiles,SysoFiles,EmbedPatterns,EmbedFiles"

// listedPackage is one package of go list -deps -json output.
type listedPackage struct {
	Dir        string
	ImportPath string
	Name       string
	Standard   bool
	Module     *listedModule
	Match      []string
	Error      *struct{ Err string }

	GoFiles, CgoFiles, CFiles, CXXFiles, HFiles, MFiles, FFiles, SFiles []string
	SwigFiles, SwigCXXFiles, SysoFiles                                  []string
	EmbedPatterns, EmbedFiles                                           []string
}

// listedModule is the module of a listed package.
type listedModule struct {
	Path    string
	Version string
	Dir     string
	GoMod   string
	Main    bool
	Replace *listedModule
}

// sources returns every file of p that its build reads, relative to p.Dir.
func (p *listedPackage) sources() []string {
	var files []string
	for _, list := range [][]string{p.GoFiles, p.CgoFiles, p.CFiles, p.CXXFiles, p.HFiles,
		p.MFiles, p.FFiles, p.SFiles, p.SwigFiles, p.SwigCXXFiles, p.SysoFiles, p.EmbedFiles} {
		files = append(files, list...)
	}
	return files
}

// goEnv holds the go command settings the watch set depends on.
type goEnv struct {
	GOMODCACHE string
	GOWORK     string
}

// readGoEnv runs go env in dir.
func readGoEnv(ctx context.Context, dir string, env []string) (goEnv, error) {
	var ge goEnv
	out, err := goCommand(ctx, dir, env, "env", "-json", "GOMODCACHE", "GOWORK")
	if err != nil {
		return ge, err
	}
	if err := json.Unmarshal(out, &ge); err != nil {
		return ge, fmt.Errorf("reloader: go env: %w", err)
	}
	return ge, nil
}

// goCommand runs the go command with args in dir and returns its standard
// output; on failure the error holds its standard error.
func goCommand(ctx context.Context, dir string, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if errors.Is(err, exec.ErrNotFound) {
		return nil, ErrNoGo
	}
	if err != nil {
		return nil, fmt.Errorf("reloader: go %s: %w: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// ErrNoGo is returned when the go command is not on PATH.
var ErrNoGo = errors.New("reloader: the go command is not on PATH: install Go, or add the directory holding go to PATH")

// listPackages runs go list -e -deps -json for pkg with the build flags.
func listPackages(ctx context.Context, dir string, env, flags []string, pkg string) ([]*listedPackage, error) {
	args := append([]string{"list", "-e", "-deps", "-json=" + listFields}, withoutOutput(flags)...)
	out, err := goCommand(ctx, dir, env, append(args, "--", pkg)...)
	if err != nil {
		return nil, err
	}
	var pkgs []*listedPackage
	for dec := json.NewDecoder(bytes.NewReader(out)); ; {
		p := new(listedPackage)
		err := dec.Decode(p)
		if errors.Is(err, io.EOF) {
			return pkgs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reloader: go list: %w", err)
		}
		pkgs = append(pkgs, p)
	}
}

// withoutOutput drops -o from the user's flags: the engine chooses where
// binaries go, and go list does not take it.
func withoutOutput(flags []string) []string {
	var out []string
	for i := 0; i < len(flags); i++ {
		switch f := flags[i]; {
		case f == "-o":
			i++ // and its value
		case strings.HasPrefix(f, "-o="):
		default:
			out = append(out, f)
		}
	}
	return out
}

// watchSet is what the engine watches: the files a build reads, the
// directories they live in, and the user's globs.
type watchSet struct {
	main    *listedPackage  // the main package, nil if go list did not name it
	files   map[string]bool // absolute paths whose change means a rebuild
	pkgDirs map[string]bool // package directories: a new source file means a rebuild
	embed   map[string]bool // directories of embedded files: any new file means a rebuild
	dirs    map[string]bool // every directory to watch
	globs   globs
}

// globs holds the user's Watch and Exclude patterns, relative to root.
type globs struct {
	root             string
	restart, exclude []string
}

// newWatchSet builds the watch set from go list's packages. Packages of
// the standard library and of the module cache are not watched.
func newWatchSet(pkgs []*listedPackage, ge goEnv, g globs) *watchSet {
	ws := &watchSet{
		files:   make(map[string]bool),
		pkgDirs: make(map[string]bool),
		embed:   make(map[string]bool),
		dirs:    make(map[string]bool),
		globs:   g,
	}
	for _, p := range pkgs {
		if len(p.Match) > 0 && ws.main == nil {
			ws.main = p
		}
		if !isLocal(p, ge.GOMODCACHE) {
			continue
		}
		ws.addPackage(p)
	}
	if ge.GOWORK != "" && ge.GOWORK != "off" {
		ws.addFile(ge.GOWORK)
		ws.addFile(ge.GOWORK + ".sum")
	}
	for _, dir := range g.restartDirs() {
		ws.dirs[dir] = true
	}
	return ws
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
	ws.pkgDirs[p.Dir] = true
	ws.dirs[p.Dir] = true
	for _, f := range p.sources() {
		ws.addFile(filepath.Join(p.Dir, f))
	}
	for _, f := range p.EmbedFiles {
		ws.embed[filepath.Dir(filepath.Join(p.Dir, f))] = true
	}
	if m := p.Module; m != nil {
		if m.Replace != nil {
			m = m.Replace
		}
		if m.Dir != "" {
			ws.addFile(filepath.Join(m.Dir, "go.mod"))
			ws.addFile(filepath.Join(m.Dir, "go.sum"))
		}
	}
}

// addFile adds one file and its directory.
func (ws *watchSet) addFile(name string) {
	ws.files[name] = true
	ws.dirs[filepath.Dir(name)] = true
}

// union adds the files and directories of old to ws, so that a graph go
// list could only see in part after a failed build loses nothing.
func (ws *watchSet) union(old *watchSet) {
	for _, m := range []struct{ to, from map[string]bool }{
		{ws.files, old.files}, {ws.pkgDirs, old.pkgDirs}, {ws.embed, old.embed}, {ws.dirs, old.dirs},
	} {
		for k := range m.from {
			m.to[k] = true
		}
	}
	if ws.main == nil {
		ws.main = old.main
	}
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
	switch {
	case ws.files[name], ws.pkgDirs[name], ws.embed[name]:
		return rebuild
	case ws.pkgDirs[dir] && isSourceName(base), ws.embed[dir] && !hiddenName(base):
		return rebuild
	case ws.globs.restarts(name):
		return restart
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
	ws.pkgDirs[pkgDir] = true
	ws.dirs[pkgDir] = true
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
