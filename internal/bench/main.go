// Command bench measures devserve side by side with its baselines and prints
// ratios, so that figures from a noisy machine stay comparable.
//
// Usage:
//
//	go run ./internal/bench [-short] [-air=false] [-write BENCHMARKS.md]
//	go run ./internal/bench serving|reload|selfreload|proxy|precision|watch|pages|inspect|debugbuild [flags]
//
// Without a benchmark's name it runs them all and prints one table, each
// figure next to its target; -write also writes the table into a file,
// between the markers it holds (or into a new file). -short runs a small
// form of every benchmark, for CI: it fails when a count that must hold
// (dropped requests, rebuilds caused by edits) does not, never on a
// timing; it leaves air out of the reload benchmark unless -air is given,
// as -air=false does in the full run. With a name it runs that benchmark
// alone and prints its details.
package main

import (
	"fmt"
	"os"
	"strings"
)

// benchmarks maps a benchmark's name to the function that runs it alone.
var benchmarks = map[string]func(args []string) error{
	"serving":    runServing,
	"reload":     runReload,
	"proxy":      runProxy,
	"precision":  runPrecision,
	"watch":      runWatch,
	"pages":      runPages,
	"selfreload": runSelfReload,
	"firstpage":  runFirstPage, // run by pages, in new processes
	"inspect":    runInspect,
	"debugbuild": runDebugBuild,
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return runAll(args)
	}
	f, ok := benchmarks[args[0]]
	if !ok {
		return fmt.Errorf("unknown benchmark %q (want serving, reload, selfreload, proxy, precision, watch, pages, inspect or debugbuild)", args[0])
	}
	return f(args[1:])
}
