package reloader

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"slices"
	"time"
)

// Generator is a command that writes files the build reads from sources
// go list does not see: templ generate, sqlc generate, go generate.
type Generator struct {
	// Run is the command line, run in the main module's root with the
	// engine's environment, split into words as Process.Run is.
	Run string

	// Watch holds the globs of its sources, relative to Dir, as Watch's
	// are: a pattern without a slash matches a file's name in any
	// directory, "**" spans directories.
	Watch []string

	// Output receives the command's standard output and standard error,
	// merged, one whole line per Write. If nil, each line goes to
	// Engine.Stderr after Name and " | ".
	Output io.Writer
}

// Name returns the name the generator's output is shown under: the base
// name of its command, without ".exe" (e.g. "templ").
func (g Generator) Name() string { return commandName(g.Run) }

// generator is a Generator ready to run.
type generator struct {
	run   string
	argv  []string
	globs globs // its Watch
	out   io.Writer
}

// generators are the engine's generators, the run of them under way, and
// the content hashes that tell their writing from a change.
type generators struct {
	list []generator
	job  *genJob
	// sums holds the content hashes of the files changed while the
	// generators ran, and of the sources they ran for, as last read. A
	// change seen outside a run forgets the file's hash: its content is
	// no longer known.
	sums map[string]fileSum
	took time.Duration // how long the last run took
}

// fileSum is a file's content hash; the zero value stands for no file.
type fileSum [sha256.Size]byte

// genJob is a run of generators in their own goroutine.
type genJob struct {
	cancel context.CancelFunc
	done   chan genResult // receives the result once
}

// genResult is how a run of generators ended.
type genResult struct {
	duration time.Duration
	err      *BuildError // the first one that failed; nil if none did
}

// newGenerators readies gens, their globs relative to dir; nil if there
// are none.
func newGenerators(gens []Generator, dir string, stderr io.Writer) (*generators, error) {
	if len(gens) == 0 {
		return nil, nil
	}
	g := &generators{sums: make(map[string]fileSum)}
	for _, gen := range gens {
		argv, err := splitCommand(gen.Run)
		if err != nil {
			return nil, fmt.Errorf("reloader: generator: %w", err)
		}
		out := gen.Output
		if out == nil {
			out = prefixWriter{w: stderr, prefix: []byte(gen.Name() + " | ")}
		}
		g.list = append(g.list, generator{run: gen.Run, argv: argv, globs: globs{root: dir, restart: gen.Watch}, out: out})
	}
	return g, nil
}

// patterns returns every generator's globs.
func (g *generators) patterns() []string {
	if g == nil {
		return nil
	}
	var all []string
	for _, gen := range g.list {
		all = append(all, gen.globs.restart...)
	}
	return all
}

// watches reports whether name is a source of some generator.
func (g *generators) watches(name string) bool {
	return g != nil && slices.ContainsFunc(g.list, func(gen generator) bool { return gen.globs.restarts(name) })
}

// done returns the channel the run under way ends on, nil if none runs.
func (g *generators) done() <-chan genResult {
	if g == nil || g.job == nil {
		return nil
	}
	return g.job.done
}

// forget drops what is known of name's content: it changed outside a run.
func (g *generators) forget(name string) {
	if g != nil {
		delete(g.sums, name)
	}
}

// stop stops the run under way, if any, and waits for it.
func (g *generators) stop() {
	if g != nil && g.job != nil {
		g.job.cancel()
		<-g.job.done
		g.job = nil
	}
}

// changedSince returns those of held whose content is not the one g knew,
// and remembers the content of each.
func (g *generators) changedSince(held map[string]heldChange) map[string]heldChange {
	changed := make(map[string]heldChange)
	for name, h := range held {
		sum := sumOf(name)
		if old, ok := g.sums[name]; !ok || old != sum {
			changed[name] = h
		}
		g.sums[name] = sum
	}
	return changed
}

// remember keeps the content hashes of names.
func (g *generators) remember(names map[string]bool) {
	for name := range names {
		g.sums[name] = sumOf(name)
	}
}

// sumOf returns the content hash of the named file, the zero sum if it
// cannot be read.
func sumOf(name string) fileSum {
	data, err := os.ReadFile(name)
	if err != nil {
		return fileSum{}
	}
	return sha256.Sum256(data)
}

// isSource reports whether a change of name is one of a generator's
// sources.
func (r *runner) isSource(name string) bool {
	return r.gen.watches(name) && !junk(name) && !r.set.globs.excluded(name)
}

// startGenerators runs, one after the other, the generators whose sources
// changed, or every one on the first run.
func (r *runner) startGenerators(ctx context.Context) {
	var run []generator
	for _, gen := range r.gen.list {
		if r.ch.everyGen || slices.ContainsFunc(mapKeys(r.ch.sources), gen.globs.restarts) {
			run = append(run, gen)
		}
	}
	r.gen.remember(r.ch.sources) // a generator that rewrites its sources as they are does not run again
	r.emit(Event{Kind: Generating, Changed: r.relative(r.ch.sources)})
	ctx, cancel := context.WithCancel(ctx)
	j := &genJob{cancel: cancel, done: make(chan genResult, 1)}
	r.gen.job = j
	cfg := groupCommand{dir: r.root, signal: r.s.signal, grace: r.s.grace}
	go func() { j.done <- runGenerators(ctx, cfg, run) }()
}

// mapKeys returns the keys of m.
func mapKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

// runGenerators runs gens in order, until one fails.
func runGenerators(ctx context.Context, cfg groupCommand, gens []generator) genResult {
	start := time.Now()
	for _, gen := range gens {
		if err := runGenerator(ctx, cfg, gen); err != nil {
			return genResult{duration: time.Since(start), err: err}
		}
	}
	return genResult{duration: time.Since(start)}
}

// runGenerator runs one generator, and returns its failure as a
// BuildError whose output is parsed as a compiler's is.
func runGenerator(ctx context.Context, cfg groupCommand, gen generator) *BuildError {
	out := &tail{max: tailSize}
	cfg.argv, cfg.out = gen.argv, io.MultiWriter(ignoreErrors{gen.out}, tailLines{out})
	ps, err := runInGroup(ctx, cfg, func(int) {})
	text := string(out.bytes())
	switch {
	case ctx.Err() != nil, err == nil && ps.Success():
		return nil
	case err != nil:
		text += err.Error() + "\n"
	case len(text) == 0:
		text = ps.String() + "\n"
	}
	errs, _ := parseBuildOutput(text, cfg.dir)
	return &BuildError{Command: gen.run, Errors: errs, Output: text, Root: cfg.dir}
}

// tailLines adds what is written to it, whole lines, to a tail.
type tailLines struct{ t *tail }

func (tl tailLines) Write(p []byte) (int, error) {
	tl.t.add(p)
	return len(p), nil
}

// onGenerated takes the end of the generators' run.
func (r *runner) onGenerated(ctx context.Context, res genResult) {
	r.gen.job = nil
	r.gen.took = res.duration
	if res.err == nil {
		r.do(ctx, r.ch.generated(nil))
		return
	}
	res.err.Package = r.s.pkg
	r.do(ctx, r.ch.generated(&buildResult{err: res.err, duration: res.duration}))
}

// checkHeld goes on after the generators' run with the changes held
// meanwhile whose content did change; with no good binary to run, a build
// follows whatever changed.
func (r *runner) checkHeld(ctx context.Context) {
	changed := r.gen.changedSince(r.ch.held)
	names := make(map[string]bool, len(changed))
	for n := range changed {
		names[n] = true
	}
	r.emit(Event{Kind: Generated, Duration: r.gen.took, Changed: r.relative(names)})
	r.do(ctx, r.ch.checked(changed, r.bin == ""))
}

// settleAfterGenerators sets the settle wait again once the generators
// have ended, for the events of their last writes: one poll later when
// polling.
func (r *runner) settleAfterGenerators() {
	wait := r.s.settle
	if r.w.mode() == "poll" {
		wait += positive(r.e.Poll, fallbackPoll)
	}
	r.settle.after(wait)
}
