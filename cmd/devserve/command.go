package main

import (
	"context"
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
	devserve init
	devserve mcp [dir]
	devserve inspector
	devserve version
	devserve help [run]

Run "devserve run --help" for the flags of run, which can also be set in a
devserve.toml file at the module root; devserve init writes one for the
module it runs in. devserve mcp serves the MCP tools
of the devserve run of the module in dir (default .) over standard input
and output, for an agent.
`

// command runs the subcommand named by args[0].
func command(ctx context.Context, args []string, std stdio) error {
	if len(args) == 0 {
		io.WriteString(std.err, usage)
		return usagef("no command given (want run, init, mcp, version or help)")
	}
	switch args[0] {
	case "run":
		return runCommand(ctx, args[1:], std)
	case "init":
		return initCommand(ctx, args[1:], std)
	case "mcp":
		return mcpCommand(ctx, args[1:], std)
	case "inspector":
		return inspectorCommand(ctx, os.Stdin, std)
	case "version":
		_, err := fmt.Fprintln(std.out, versionLine())
		return err
	case "help", "-h", "-help", "--help":
		return help(args[1:], std)
	}
	return usagef("unknown command %q%s", args[0], suggestion(args[0], []string{"run", "init", "mcp", "version", "help"}))
}

// help is devserve help [topic]: the usage of devserve, or of run.
func help(topics []string, std stdio) error {
	switch {
	case len(topics) == 0:
		_, err := io.WriteString(std.out, usage)
		return err
	case len(topics) == 1 && topics[0] == "run":
		return printRunUsage(std.out)
	case len(topics) == 1:
		return usagef("help: unknown topic %q%s", topics[0], suggestion(topics[0], []string{"run"}))
	}
	return usagef("help: want one topic, got %d", len(topics))
}

// usageError is a mistake in how devserve was called: main exits with
// status 2 for it, as commands built on the flag package do.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// usagef returns a usageError with the formatted message.
func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
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
