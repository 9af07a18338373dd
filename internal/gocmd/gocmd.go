// Package gocmd runs the go command for devserve's packages and finds the
// module a directory belongs to: the one place that knows how.
package gocmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ErrNotFound is returned when the go command is not on PATH.
var ErrNotFound = errors.New("the go command is not on PATH: install Go, or add the directory holding go to PATH")

// Command returns the go command with args, to run in dir with env added
// to this process's environment. Canceling ctx kills it.
func Command(ctx context.Context, dir string, env []string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	return cmd
}

// Stream runs the go command with args in dir and calls read on its
// standard output as it comes; the output read leaves is discarded. On
// failure, the error names the go command's verb and holds its standard
// error.
func Stream(ctx context.Context, dir string, env []string, read func(io.Reader) error, args ...string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := Command(ctx, dir, env, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("go %s: %w", args[0], err)
	}
	if err := cmd.Start(); err != nil {
		return failure(args[0], err, &stderr)
	}
	if err := read(stdout); err != nil {
		cancel() // the rest of the output is of no use
		cmd.Wait()
		return fmt.Errorf("go %s: %w", args[0], err)
	}
	io.Copy(io.Discard, stdout) // what read left, so that go can exit
	if err := cmd.Wait(); err != nil {
		return failure(args[0], err, &stderr)
	}
	return nil
}

// Output runs the go command with args in dir and returns its standard
// output, failing as Stream does.
func Output(ctx context.Context, dir string, env []string, args ...string) (string, error) {
	var out strings.Builder
	err := Stream(ctx, dir, env, func(r io.Reader) error {
		_, err := io.Copy(&out, r)
		return err
	}, args...)
	return out.String(), err
}

// failure describes the failure of the go command named by verb.
func failure(verb string, err error, stderr *bytes.Buffer) error {
	if errors.Is(err, exec.ErrNotFound) {
		return ErrNotFound
	}
	return fmt.Errorf("go %s: %w: %s", verb, err, strings.TrimSpace(stderr.String()))
}

// ModuleRoot returns the directory of the go.mod nearest above dir (dir
// itself included), the root of the module the go command sees dir as
// part of, and whether there is one.
func ModuleRoot(dir string) (string, bool) {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, true
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", false
		}
		d = parent
	}
}
