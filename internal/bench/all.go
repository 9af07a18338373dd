package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// A part is one benchmark of the full run, sized for the full table or
// for the short form.
type part struct {
	name string
	run  func(o options) ([]section, error)
}

// options are the full run's flags that its parts follow.
type options struct {
	short bool // the short form
	air   bool // measure air in the reload benchmark
}

// parts are the benchmarks of the full run, in order.
var parts = []part{
	{"pages", func(o options) ([]section, error) {
		res, err := measurePages(pick(o.short, 5, 20), pick(o.short, 2, 7))
		return one(res, err)
	}},
	{"precision", func(options) ([]section, error) {
		s, err := measurePrecision()
		return []section{s}, err
	}},
	{"reload", func(o options) ([]section, error) {
		results, err := measureReload(reloadConfig{edits: pick(o.short, 4, 20), rate: 20, packages: 14, apps: "both", air: o.air, stream: !o.short, generate: !o.short})
		var sections []section
		for _, res := range results {
			sections = append(sections, res.section())
		}
		return sections, err
	}},
	{"proxy", func(o options) ([]section, error) {
		res, err := measureProxy(6, pick(o.short, 500*time.Millisecond, time.Second), pick(o.short, 2, 10), "", io.Discard)
		return one(res, err)
	}},
	{"serving", func(o options) ([]section, error) {
		res, err := measureServing(16, 500*time.Millisecond, pick(o.short, 2, 16), "", io.Discard)
		return one(res, err)
	}},
	{"debug build", func(o options) ([]section, error) {
		res, err := measureDebugBuild(6, pick(o.short, 500*time.Millisecond, time.Second), pick(o.short, 2, 10), io.Discard)
		return one(res, err)
	}},
	{"inspect", func(o options) ([]section, error) {
		res, err := measureInspect(pick(o.short, 3, 20), pick(o.short, 10, 100))
		return one(res, err)
	}},
	{"watch scale", func(o options) ([]section, error) {
		cfg := watchConfig{dirs: 10000, files: 10, idle: 10 * time.Second, samples: 5}
		if o.short {
			cfg = watchConfig{dirs: 100, files: 10, idle: 2 * time.Second, samples: 2}
		}
		return measureWatch(cfg, time.Second)
	}},
}

// pick returns short's value in the short form, else full's.
func pick[T any](short bool, shortValue, full T) T {
	if short {
		return shortValue
	}
	return full
}

// one returns the section of a result, or its error.
func one[R interface{ section() section }](res R, err error) ([]section, error) {
	if err != nil {
		return nil, err
	}
	return []section{res.section()}, nil
}

// runAll runs every benchmark and prints one table; with -write, it also
// writes the table into a file.
func runAll(args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	short := fs.Bool("short", false, "run the short form: few edits, a small tree, short rounds; fail only on counts")
	write := fs.String("write", "", "also write the table into `file` (e.g. BENCHMARKS.md)")
	air := fs.Bool("air", true, "measure air in the reload benchmark, installing it first (-short skips it unless -air is given)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	o := options{short: *short, air: *air && !*short}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "air" {
			o.air = *air
		}
	})
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q: a benchmark's name comes first", fs.Args())
	}
	command := strings.Join(append([]string{"go run ./internal/bench"}, args...), " ")
	start := time.Now()
	var sections []section
	for _, p := range parts {
		fmt.Fprintf(os.Stderr, "bench: %s…\n", p.name)
		t0 := time.Now()
		s, err := p.run(o)
		if err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		fmt.Fprintf(os.Stderr, "bench: %s took %v\n", p.name, time.Since(t0).Round(time.Second))
		sections = append(sections, s...)
	}
	m := describeMachine(command, start)
	fmt.Println(m)
	if err := printText(os.Stdout, sections); err != nil {
		return err
	}
	if *write != "" {
		if err := writeTable(*write, m, markdown(sections)); err != nil {
			return err
		}
	}
	if failed := failedCounts(sections); len(failed) > 0 {
		return errors.New("counts that must hold do not: " + strings.Join(failed, "; "))
	}
	return nil
}

// describeMachine says when, how and on what the table was measured.
func describeMachine(command string, start time.Time) string {
	goVersion := runtime.Version()
	if out, err := exec.Command("go", "env", "GOVERSION").Output(); err == nil {
		goVersion = strings.TrimSpace(string(out)) // the toolchain that built the apps
	}
	cpu := fmt.Sprintf("%d CPUs", runtime.NumCPU())
	if model := cpuModel(); model != "" {
		cpu += " (" + model + ")"
	}
	return fmt.Sprintf("Measured %s (took %v) with %s on %s/%s, %s, by:\n\n    %s\n",
		start.UTC().Format("2006-01-02 15:04 MST"), time.Since(start).Round(time.Second),
		goVersion, runtime.GOOS, runtime.GOARCH, cpu, command)
}

// The markers between which writeTable puts the table; what is outside
// them, such as a reading of the figures, is kept.
const (
	beginMarker = "<!-- bench: begin; written by go run ./internal/bench -write -->"
	endMarker   = "<!-- bench: end -->"
)

// writeTable writes the machine's description and the table between the
// markers of file, or into a new file when it does not exist.
func writeTable(file, machine, table string) error {
	block := beginMarker + "\n\n" + machine + "\n" + table + "\n" + endMarker
	old, err := os.ReadFile(file)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return os.WriteFile(file, []byte("# Benchmarks\n\n"+block+"\n"), 0o644)
	case err != nil:
		return err
	}
	before, rest, ok1 := strings.Cut(string(old), beginMarker)
	_, after, ok2 := strings.Cut(rest, endMarker)
	if !ok1 || !ok2 {
		return fmt.Errorf("%s has no %q … %q markers to write between", file, beginMarker, endMarker)
	}
	return os.WriteFile(file, []byte(before+block+after), 0o644)
}
