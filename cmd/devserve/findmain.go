package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/devserve/devserve/reloader"
)

// findMain returns the main package to run when none was named: "." if
// it is one, else the only main package under ./cmd/. Otherwise the error
// lists the main packages there are.
func findMain(ctx context.Context, dir string, env []string) (string, error) {
	out, err := goList(ctx, dir, env, "-e", "-f", `{{if eq .Name "main"}}{{.Dir}}{{end}}`, "./...")
	if err != nil {
		return "", err
	}
	var all, underCmd []string
	for d := range strings.FieldsSeq(out) {
		rel, err := filepath.Rel(dir, d)
		if err != nil {
			continue
		}
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return ".", nil
		}
		all = append(all, "./"+rel)
		if strings.HasPrefix(rel, "cmd/") {
			underCmd = append(underCmd, "./"+rel)
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

// inModule reports whether dir is in a Go module or workspace.
func inModule(dir string) bool {
	root := moduleRoot(dir)
	for _, name := range []string{"go.mod", "go.work"} {
		if _, err := os.Stat(filepath.Join(root, name)); err == nil {
			return true
		}
	}
	return false
}

// goList runs go list in dir and returns its standard output.
func goList(ctx context.Context, dir string, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", append([]string{"list"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(cmd.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if errors.Is(err, exec.ErrNotFound) {
		return "", reloader.ErrNoGo
	}
	if err != nil {
		return "", fmt.Errorf("go list: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}
