package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
)

// stdio is where a command writes.
type stdio struct {
	out, err io.Writer
}

// usage is what devserve help prints.
const usage = `devserve is the development server for Go web apps: it builds your main
package, runs it behind a proxy, rebuilds and restarts it when its files
change, and shows build errors, crashes and panics in the browser, which
reloads by itself.

Usage:

	devserve run [flags] [package] [-- app arguments...]
	devserve inspector
	devserve version
	devserve help [run]

Run "devserve run -h" for the flags of run, which can also be set in a
devserve.toml file at the module root.
`

// command runs the subcommand named by args[0].
func command(ctx context.Context, args []string, std stdio) error {
	if len(args) == 0 {
		io.WriteString(std.err, usage)
		return errors.New("no command given (want run, version or help)")
	}
	switch args[0] {
	case "run":
		return runCommand(ctx, args[1:], std)
	case "inspector":
		return inspectorCommand(ctx, os.Stdin, std)
	case "version":
		_, err := fmt.Fprintln(std.out, versionLine())
		return err
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[1] == "run" {
			return printRunUsage(std.out)
		}
		_, err := io.WriteString(std.out, usage)
		return err
	}
	return fmt.Errorf("unknown command %q%s", args[0], suggestion(args[0], []string{"run", "version", "help"}))
}

// versionLine describes this build of devserve: its module version and
// the Go version and platform it was built with.
func versionLine() string {
	version := "(unknown)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		version = bi.Main.Version
	}
	return fmt.Sprintf("devserve %s %s %s/%s", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
