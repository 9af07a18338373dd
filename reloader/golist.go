package reloader

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/devserve/devserve/internal/gocmd"
)

// listFields are the fields of go list's JSON the watch set is built from;
// naming them lets the go command skip the work the others cost.
const listFields = "Dir,ImportPath,Name,Standard,Module,Match,Error," +
	"GoFiles,CgoFiles,CFiles,CXXFiles,HFiles,MFiles,FFiles,SFiles," +
	"SwigFiles,SwigCXXFiles,SysoFiles,EmbedFiles"

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
	EmbedFiles                                                          []string
}

// listedModule is the module of a listed package.
type listedModule struct {
	Path    string
	Dir     string
	Replace *listedModule
}

// codeLists returns the lists of files of p that its build compiles or
// links, relative to p.Dir: all it reads but the embedded files.
func (p *listedPackage) codeLists() [][]string {
	return [][]string{p.GoFiles, p.CgoFiles, p.CFiles, p.CXXFiles, p.HFiles,
		p.MFiles, p.FFiles, p.SFiles, p.SwigFiles, p.SwigCXXFiles, p.SysoFiles}
}

// header returns p without its lists of files: what the engine keeps of
// the main package once the watch set holds its files.
func (p *listedPackage) header() *listedPackage {
	return &listedPackage{Dir: p.Dir, ImportPath: p.ImportPath, Name: p.Name,
		Standard: p.Standard, Module: p.Module, Match: p.Match, Error: p.Error}
}

// goEnv holds the go command settings the watch set depends on.
type goEnv struct {
	GOMODCACHE string
	GOWORK     string
}

// readGoEnv runs go env in dir.
func readGoEnv(ctx context.Context, dir string, env []string) (goEnv, error) {
	var ge goEnv
	err := goCommand(ctx, dir, env, func(r io.Reader) error {
		return json.NewDecoder(r).Decode(&ge)
	}, "env", "-json", "GOMODCACHE", "GOWORK")
	return ge, err
}

// eachPackage runs go list -e -deps -json for pkg with the build flags,
// and calls fn with each package as soon as it is decoded: the output is
// never held whole.
func eachPackage(ctx context.Context, dir string, env, flags []string, pkg string, fn func(*listedPackage)) error {
	args := append([]string{"list", "-e", "-deps", "-json=" + listFields}, withoutOutput(flags)...)
	return goCommand(ctx, dir, env, func(r io.Reader) error {
		return decodePackages(r, fn)
	}, append(args, "--", pkg)...)
}

// goCommand runs the go command with args in dir, and read on its
// standard output as it comes.
func goCommand(ctx context.Context, dir string, env []string, read func(io.Reader) error, args ...string) error {
	if err := gocmd.Stream(ctx, dir, env, read, args...); err != nil {
		return fmt.Errorf("reloader: %w", err)
	}
	return nil
}

// ErrNoGo is returned, wrapped, when the go command is not on PATH.
var ErrNoGo = gocmd.ErrNotFound

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
