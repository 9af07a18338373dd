package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/devserve/devserve/internal/gocmd"
)

// findMain returns the main package to run when none was named: "." if
// it is one, else the only main package in ./cmd or under it. Otherwise
// the error lists the main packages there are.
func findMain(ctx context.Context, dir string, env []string) (string, error) {
	all, err := mainPackages(ctx, dir, env)
	if err != nil {
		return "", err
	}
	var underCmd []string
	for _, p := range all {
		if p == "." {
			return ".", nil
		}
		if inCmd(p) {
			underCmd = append(underCmd, p)
		}
	}
	switch {
	case len(underCmd) == 1:
		return underCmd[0], nil
	case len(all) == 0 && !inModule(dir):
		return "", fmt.Errorf("%s is not in a Go module (no go.mod here or above); create one with: go mod init example.com/app", dir)
	case len(all) == 0:
		return "", fmt.Errorf("no main package in %s or below; name the package to run: devserve run ./path/to/cmd", dir)
	}
	return "", fmt.Errorf("which main package? . is none; name one: devserve run %s", strings.Join(all, " | "))
}

// inCmd reports whether the package p, "./" and a slash-separated path,
// is ./cmd or under it.
func inCmd(p string) bool { return p == "./cmd" || strings.HasPrefix(p, "./cmd/") }

// mainPackages returns the main packages in dir and below, as relative
// paths: "." or "./cmd/api".
func mainPackages(ctx context.Context, dir string, env []string) ([]string, error) {
	out, err := goList(ctx, dir, env, "-e", "-f", `{{if eq .Name "main"}}{{.Dir}}{{end}}`, "./...")
	if err != nil {
		return nil, err
	}
	var all []string
	for d := range strings.FieldsSeq(out) {
		rel, err := filepath.Rel(dir, d)
		if err != nil {
			continue
		}
		if rel = filepath.ToSlash(rel); rel != "." {
			rel = "./" + rel
		}
		all = append(all, rel)
	}
	return all, nil
}

// inModule reports whether dir is in a Go module or workspace.
func inModule(dir string) bool {
	if _, ok := gocmd.ModuleRoot(dir); ok {
		return true
	}
	_, err := os.Stat(filepath.Join(dir, "go.work"))
	return err == nil
}

// goList runs go list in dir and returns its standard output.
func goList(ctx context.Context, dir string, env []string, args ...string) (string, error) {
	return gocmd.Output(ctx, dir, env, append([]string{"list"}, args...)...)
}
