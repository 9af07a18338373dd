// Command bench measures devserve side by side with its baselines and prints
// ratios, so that figures from a noisy machine stay comparable.
//
// Usage:
//
//	go run ./internal/bench [serving|reload|proxy] [flags]
package main

import (
	"fmt"
	"os"
)

// benchmarks maps a benchmark's name to the function that runs it.
var benchmarks = map[string]func(args []string) error{
	"serving": runServing,
	"reload":  runReload,
	"proxy":   runProxy,
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: bench serving|reload|proxy [flags]")
	}
	f, ok := benchmarks[args[0]]
	if !ok {
		return fmt.Errorf("unknown benchmark %q (want serving, reload or proxy)", args[0])
	}
	return f(args[1:])
}
