package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

// runDebugBuild measures what devserve's debug build (the main module
// with -N -l, for inspection) costs an app at run time: the hello app
// built as go build does, and as devserve run does, served directly,
// alternated.
func runDebugBuild(args []string) error {
	fs := flag.NewFlagSet("debugbuild", flag.ContinueOnError)
	rounds := fs.Int("rounds", 10, "rounds of each, alternated")
	if err := fs.Parse(args); err != nil {
		return err
	}
	res, err := measureDebugBuild(6, time.Second, *rounds, os.Stdout)
	if err != nil {
		return err
	}
	return printText(os.Stdout, []section{res.section()})
}

// debugBuildResult is what measureDebugBuild measured.
type debugBuildResult struct {
	rounds     int
	opt, debug *load
	paired     []float64 // each round's debug/optimized ratio
}

// measureDebugBuild starts the hello app built both ways and hammers
// each in turn.
func measureDebugBuild(conc int, round time.Duration, rounds int, out io.Writer) (*debugBuildResult, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	optAddr, stopOpt, err := startHello(ctx)
	if err != nil {
		return nil, err
	}
	defer stopOpt()
	debugAddr, stopDebug, err := startHello(ctx, "-gcflags=hello/...=-N -l", "-ldflags=-compressdwarf=false")
	if err != nil {
		return nil, err
	}
	defer stopDebug()
	res := &debugBuildResult{rounds: rounds}
	res.opt, res.debug, res.paired, err = alternate(
		target{"go build", "http://" + optAddr + "/"}, target{"devserve's debug build", "http://" + debugAddr + "/"},
		conc, round, rounds, "", out)
	return res, err
}

// section returns the debug build's rows.
func (res *debugBuildResult) section() section {
	r := median(res.paired)
	return section{
		name:  "debug build",
		about: fmt.Sprintf("hello app built as go build does vs with the main module at -N -l (as devserve run builds it), served directly, 6 clients, %d alternated rounds of 1s", res.rounds),
		rows: []row{
			{figure: "go build / debug build", value: fmt.Sprintf("%.0f / %.0f req/s", res.opt.rate(), res.debug.rate())},
			{figure: "ratio debug/go build, median of rounds", value: fmt.Sprintf("%.2f×", r)},
			{figure: "added p50 latency", value: (res.debug.quantile(0.5) - res.opt.quantile(0.5)).Round(time.Microsecond).String()},
		},
	}
}
