package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/devserve/devserve/internal/gocmd"
)

// initCommand is devserve init: it writes a commented devserve.toml at
// the root of the module it runs in, for the main package it finds and
// the generators and companion processes the module's files call for. It
// never overwrites a devserve.toml.
func initCommand(ctx context.Context, args []string, std stdio) error {
	if len(args) > 0 {
		return usagef("init: takes no arguments, got %q", args)
	}
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	root, ok := gocmd.ModuleRoot(wd)
	if !ok {
		return fmt.Errorf("init: %s is not in a Go module (no go.mod here or above); create one with: go mod init example.com/app", wd)
	}
	name := filepath.Join(root, configName)
	if _, err := os.Lstat(name); err == nil {
		return fmt.Errorf("init: %s exists; devserve init does not overwrite it", name)
	}
	p, err := detectProject(ctx, root)
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	if err := writeNew(name, p.config()); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	_, err = fmt.Fprintf(std.out, "wrote %s: %s\n", name, p.summary())
	return err
}

// writeNew writes data to a new file name, failing if it exists.
func writeNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists; devserve init does not overwrite it", name)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return errors.Join(err, f.Close())
}

// project is what devserve init found in a module.
type project struct {
	pkg        string    // the main package to run
	others     []string  // the module's other main packages
	templ      []string  // .templ files, module-relative, slash-separated
	templCmd   string    // the command that runs templ
	tailwind   *tailwind // nil without a Tailwind setup
	sqlc       string    // sqlc's configuration file, "" if none
	goGenerate []string  // Go files with //go:generate lines
}

// tailwind is how the module uses Tailwind CSS.
type tailwind struct {
	cli           string // the command that runs its CLI
	input, output string // module-relative, slash-separated
}

// detectProject looks at the module in root.
func detectProject(ctx context.Context, root string) (*project, error) {
	all, err := mainPackages(ctx, root, nil)
	if err != nil {
		return nil, err
	}
	pkg, err := findMain(ctx, root, nil)
	if err != nil && len(all) == 0 {
		return nil, err
	}
	if err != nil { // several, none of them the obvious one: the first in ./cmd, else the first
		pkg = all[0]
		if i := slices.IndexFunc(all, inCmd); i >= 0 {
			pkg = all[i]
		}
	}
	p := &project{pkg: pkg, others: slices.DeleteFunc(all, func(o string) bool { return o == pkg })}
	p.templCmd = templCommand(root)
	return p, p.scan(root)
}

// sqlcFiles are the names of sqlc's configuration file.
var sqlcFiles = []string{"sqlc.yaml", "sqlc.yml", "sqlc.json"}

// tailwindImport finds Tailwind 4's import in a stylesheet; tailwindDirective
// Tailwind 3's directives.
var (
	tailwindImport    = regexp.MustCompile(`@import\s+["']tailwindcss["']`)
	tailwindDirective = regexp.MustCompile(`@tailwind\s+(base|components|utilities)`)
)

// scan walks the module's files for what calls for a generator or a
// companion process. Directories the go command ignores, node_modules,
// vendor, testdata and nested modules are skipped.
func (p *project) scan(root string) error {
	v3config := false
	var v3input string
	err := filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // an unreadable corner says nothing either way
		}
		rel, _ := filepath.Rel(root, name)
		rel = filepath.ToSlash(rel)
		base := d.Name()
		if d.IsDir() {
			if rel != "." && skipDir(name, base) {
				return filepath.SkipDir
			}
			return nil
		}
		switch ext := path.Ext(base); {
		case ext == ".templ":
			p.templ = append(p.templ, rel)
		case ext == ".go" && hasGoGenerate(name):
			p.goGenerate = append(p.goGenerate, rel)
		case ext == ".css":
			data, _ := os.ReadFile(name)
			if tailwindImport.Match(data) && p.tailwind == nil {
				p.tailwind = &tailwind{cli: "npx @tailwindcss/cli", input: rel}
			} else if tailwindDirective.Match(data) && v3input == "" {
				v3input = rel
			}
		case strings.HasPrefix(base, "tailwind.config."):
			v3config = true
		case slices.Contains(sqlcFiles, base) && p.sqlc == "":
			p.sqlc = rel
		}
		return nil
	})
	if p.tailwind == nil && (v3config || v3input != "") {
		p.tailwind = &tailwind{cli: "npx tailwindcss", input: cmp.Or(v3input, "input.css")}
	}
	if p.tailwind != nil {
		p.tailwind.output = stylesheetOutput(root, p.tailwind.input)
	}
	return err
}

// templModule is templ's module, and templTool its command.
const (
	templModule = "github.com/a-h/templ"
	templTool   = templModule + "/cmd/templ"
)

// templToolLine finds templ's command in go.mod's tool lines.
var templToolLine = regexp.MustCompile(`(?m)^\s*(tool\s+)?` + regexp.QuoteMeta(templTool) + `\s*$`)

// templRequire finds the version of templ go.mod requires.
var templRequire = regexp.MustCompile(`(?m)^\s*(?:require\s+)?` + regexp.QuoteMeta(templModule) + `\s+(v\S+)`)

// templCommand returns the command that runs templ for the module in
// root: go tool templ when go.mod has it as a tool, else templ when it is
// installed, else go run of the version go.mod requires, else templ.
func templCommand(root string) string {
	mod, _ := os.ReadFile(filepath.Join(root, "go.mod"))
	if templToolLine.Match(mod) {
		return "go tool templ"
	}
	if _, err := exec.LookPath("templ"); err == nil {
		return "templ"
	}
	if m := templRequire.FindSubmatch(mod); m != nil {
		return "go run " + templTool + "@" + string(m[1]) // with a version: templ's own dependencies, not the module's
	}
	return "templ"
}

// skipDir reports whether devserve init looks past the directory name.
func skipDir(name, base string) bool {
	switch {
	case strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_"),
		base == "node_modules", base == "vendor", base == "testdata":
		return true
	}
	_, err := os.Stat(filepath.Join(name, "go.mod"))
	return err == nil // another module
}

// hasGoGenerate reports whether the Go file has a //go:generate line.
func hasGoGenerate(name string) bool {
	data, err := os.ReadFile(name)
	return err == nil && (bytes.HasPrefix(data, []byte("//go:generate ")) || bytes.Contains(data, []byte("\n//go:generate ")))
}

// stylesheetOutput returns where Tailwind is to write the stylesheet it
// builds from input: static/app.css when there is a static directory,
// else app.css beside the input.
func stylesheetOutput(root, input string) string {
	if fi, err := os.Stat(filepath.Join(root, "static")); err == nil && fi.IsDir() {
		return "static/app.css"
	}
	out := path.Join(path.Dir(input), "app.css")
	if out == input {
		out = path.Join(path.Dir(input), "output.css")
	}
	return out
}

// config returns the devserve.toml of the project.
func (p *project) config() []byte {
	var b strings.Builder
	b.WriteString("# devserve.toml: how devserve run runs this module, written by devserve init.\n")
	b.WriteString("# Every flag of devserve run can be set here under its name (addr = \"localhost:3000\");\n")
	b.WriteString("# flags given on the command line win. devserve help run lists them.\n\n")
	if len(p.others) > 0 {
		b.WriteString("# The main package to run; the module has others:\n")
		for _, o := range p.others {
			fmt.Fprintf(&b, "# package = %q\n", o)
		}
	} else {
		b.WriteString("# The main package to run.\n")
	}
	fmt.Fprintf(&b, "package = %q\n", p.pkg)
	if tw := p.tailwind; tw != nil {
		b.WriteString("\n# The stylesheet Tailwind writes: open pages swap it in without a reload (rebuilt instead if the app embeds it).\n")
		fmt.Fprintf(&b, "reload = [%q]\n", tw.output)
	}
	if len(p.templ) > 0 {
		fmt.Fprintf(&b, "\n# templ: .templ files (%s) compile to _templ.go files.\n", examples(p.templ))
		writeGenerate(&b, cmp.Or(p.templCmd, "templ")+" generate", []string{"**/*.templ"})
	}
	if p.sqlc != "" {
		fmt.Fprintf(&b, "\n# sqlc: %s and the SQL it names compile to Go.\n", p.sqlc)
		writeGenerate(&b, "sqlc generate", append(rooted([]string{p.sqlc}), "**/*.sql"))
	}
	if len(p.goGenerate) > 0 {
		fmt.Fprintf(&b, "\n# go generate: the //go:generate lines of %s, run when those files change.\n", examples(p.goGenerate))
		writeGenerate(&b, "go generate ./...", rooted(p.goGenerate))
	}
	if tw := p.tailwind; tw != nil {
		fmt.Fprintf(&b, "\n# Tailwind: rebuilds %s from %s and the classes your files use, as they change.\n", tw.output, tw.input)
		b.WriteString("[[process]]\nname = \"css\"\n")
		fmt.Fprintf(&b, "run = %q\n", fmt.Sprintf("%s -i %s -o %s --watch", tw.cli, tw.input, tw.output))
	}
	return []byte(b.String())
}

// writeGenerate writes a [[generate]] table.
func writeGenerate(b *strings.Builder, run string, watch []string) {
	q := make([]string, len(watch))
	for i, w := range watch {
		q[i] = fmt.Sprintf("%q", w)
	}
	fmt.Fprintf(b, "[[generate]]\nrun = %q\nwatch = [%s]\n", run, strings.Join(q, ", "))
}

// rooted returns module-relative files as globs that match only them: a
// pattern without a slash would match the name in every directory.
func rooted(files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		if !strings.Contains(f, "/") {
			f = "./" + f
		}
		out[i] = f
	}
	return out
}

// examples names up to two of files, and how many more there are.
func examples(files []string) string {
	switch n := len(files); {
	case n <= 2:
		return strings.Join(files, ", ")
	default:
		return fmt.Sprintf("%s, %s and %d more", files[0], files[1], n-2)
	}
}

// summary says in a few words what the file sets up.
func (p *project) summary() string {
	parts := []string{"package " + p.pkg}
	gens := 0
	for _, found := range []bool{len(p.templ) > 0, p.sqlc != "", len(p.goGenerate) > 0} {
		if found {
			gens++
		}
	}
	switch gens {
	case 0:
	case 1:
		parts = append(parts, "1 generator")
	default:
		parts = append(parts, fmt.Sprintf("%d generators", gens))
	}
	if p.tailwind != nil {
		parts = append(parts, "1 companion process")
	}
	return strings.Join(parts, ", ")
}
