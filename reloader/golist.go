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
// standard output as it comes. On failure, the error holds the go
// command's standard error.
func goCommand(ctx context.Context, dir string, env []string, read func(io.Reader) error, args ...string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("reloader: go %s: %w", args[0], err)
	}
	if err := cmd.Start(); err != nil {
		return goError(args[0], err, &stderr)
	}
	if err := read(stdout); err != nil {
		cancel() // the rest of the output is of no use
		cmd.Wait()
		return fmt.Errorf("reloader: go %s: %w", args[0], err)
	}
	io.Copy(io.Discard, stdout) // what read left, so that go can exit
	if err := cmd.Wait(); err != nil {
		return goError(args[0], err, &stderr)
	}
	return nil
}

// goError describes the failure of the go command named by verb.
func goError(verb string, err error, stderr *bytes.Buffer) error {
	if errors.Is(err, exec.ErrNotFound) {
		return ErrNoGo
	}
	return fmt.Errorf("reloader: go %s: %w: %s", verb, err, strings.TrimSpace(stderr.String()))
}

// ErrNoGo is returned when the go command is not on PATH.
var ErrNoGo = errors.New("reloader: the go command is not on PATH: install Go, or add the directory holding go to PATH")

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
