package reloader

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// Process is a companion process: a command that runs beside the app for
// as long as the engine runs, such as a CSS or JavaScript bundler in
// watch mode.
type Process struct {
	// Name tells the process's output and events apart, e.g. "css". If
	// empty, the base name of the command, without ".exe", is used.
	Name string

	// Run is the command line, run in the main module's root with the
	// engine's environment and a standard input that stays open and
	// empty (watchers such as esbuild's and Tailwind's stop at the end of
	// their input). It is split into words without a shell:
	// spaces separate words, ' or " quote them, and there are no escapes.
	// For pipes or variables, run a shell: sh -c '...'.
	Run string

	// Output receives the process's standard output and standard error,
	// merged, one whole line per Write, newline included, as each line
	// comes. Writes come from one goroutine at a time. If nil, each line
	// goes to Engine.Stderr after "Name | ".
	Output io.Writer
}

// The delays before a companion that exited is started again: 1s after
// its first exit, doubling to 30s, and 1s again after it ran for 30s.
const (
	restartMin = time.Second
	restartMax = 30 * time.Second
)

// restartDelay returns how long to wait before starting again a process
// that ran for ran, when prev was the wait before its start (0 for its
// first).
func restartDelay(prev, ran time.Duration) time.Duration {
	if prev == 0 || ran >= restartMax {
		return restartMin
	}
	return min(2*prev, restartMax)
}

// companionConfig says how to run companions.
type companionConfig struct {
	dir    string // where they run
	signal os.Signal
	grace  time.Duration
	stderr io.Writer // where their lines go when a Process has no Output
}

// companions supervises the engine's companion processes: one goroutine
// per process starts it, waits for it, and starts it again, until stop.
type companions struct {
	events chan Event // ProcessStarted and ProcessExited, for the runner to emit
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// startCompanions starts procs; nil if there are none.
func startCompanions(ctx context.Context, cfg companionConfig, procs []Process) *companions {
	if len(procs) == 0 {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	cs := &companions{events: make(chan Event), cancel: cancel}
	for _, p := range procs {
		cs.wg.Add(1)
		go func() {
			defer cs.wg.Done()
			cs.supervise(ctx, cfg, p)
		}()
	}
	return cs
}

// reports returns the channel of the companions' events, nil if there
// are none.
func (cs *companions) reports() <-chan Event {
	if cs == nil {
		return nil
	}
	return cs.events
}

// signal asks every companion to stop, without waiting.
func (cs *companions) signal() {
	if cs != nil {
		cs.cancel()
	}
}

// stop stops every companion and waits until each and its process group
// are gone.
func (cs *companions) stop() {
	if cs != nil {
		cs.cancel()
		cs.wg.Wait()
	}
}

// report hands ev to the runner, unless the companions are stopping.
func (cs *companions) report(ctx context.Context, ev Event) {
	ev.Time = time.Now()
	select {
	case cs.events <- ev:
	case <-ctx.Done():
	}
}

// supervise runs p until ctx is done, starting it again each time it
// exits, after restartDelay. A process that cannot be started is reported
// once and left alone: trying again would fail the same way.
func (cs *companions) supervise(ctx context.Context, cfg companionConfig, p Process) {
	argv, err := splitCommand(p.Run)
	if p.Name == "" {
		p.Name = commandName(p.Run)
	}
	out := p.Output
	if out == nil {
		out = prefixWriter{w: cfg.stderr, prefix: []byte(p.Name + " | ")}
	}
	var wait time.Duration
	for err == nil {
		start := time.Now()
		var status string
		if status, err = cs.run(ctx, cfg, p.Name, argv, out); err != nil || ctx.Err() != nil {
			break
		}
		wait = restartDelay(wait, time.Since(start))
		cs.report(ctx, Event{Kind: ProcessExited, Name: p.Name, ExitStatus: status, Duration: wait})
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
	if err != nil && ctx.Err() == nil {
		cs.report(ctx, Event{Kind: ProcessExited, Name: p.Name, ExitStatus: "not started: " + err.Error()})
	}
}

// run runs the companion once and returns how it ended.
func (cs *companions) run(ctx context.Context, cfg companionConfig, name string, argv []string, out io.Writer) (string, error) {
	gc := groupCommand{dir: cfg.dir, argv: argv, signal: cfg.signal, grace: cfg.grace, out: out, openStdin: true}
	ps, err := runInGroup(ctx, gc, func(pid int) {
		cs.report(ctx, Event{Kind: ProcessStarted, Name: name, PID: pid})
	})
	if err != nil {
		return "", err
	}
	return ps.String(), nil
}

// groupCommand says how to run a command of the user's besides the app:
// a companion process, a generator.
type groupCommand struct {
	dir    string
	argv   []string
	signal os.Signal     // asks it to stop
	grace  time.Duration // between signal and the kill of its group
	out    io.Writer     // gets its stdout and stderr, merged, one line per Write

	// openStdin gives it a standard input that stays open, empty, for as
	// long as it runs: watchers such as esbuild's and Tailwind's stop at
	// the end of their input. Otherwise its input is empty and ended.
	openStdin bool
}

// runInGroup runs gc in a process group of its own, calls started with
// its PID once it runs, and returns how it ended once it and its group
// are gone. The error is only that it could not start. Canceling ctx
// stops it with gc.signal, and kills its group after gc.grace; on Linux,
// it also dies with the engine's process (the parent-death signal).
func runInGroup(ctx context.Context, gc groupCommand, started func(pid int)) (*os.ProcessState, error) {
	cmd := exec.CommandContext(ctx, gc.argv[0], gc.argv[1:]...)
	cmd.Dir = gc.dir
	var g procGroup
	g.prepare(cmd)
	cmd.Cancel = func() error { return g.signal(cmd.Process, gc.signal) }
	cmd.WaitDelay = gc.grace
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = w, w // one pipe: the lines keep their order
	if gc.openStdin {
		in, keep, err := os.Pipe()
		if err != nil {
			r.Close()
			w.Close()
			return nil, err
		}
		defer keep.Close() // once it is gone
		cmd.Stdin = in
		defer in.Close()
	}
	err = cmd.Start()
	w.Close()
	if err != nil {
		r.Close()
		return nil, err
	}
	defer g.release()
	if err := g.attach(cmd.Process); err != nil {
		g.kill(cmd.Process)
	}
	started(cmd.Process.Pid)
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		copyLines(gc.out, r)
	}()
	cmd.Wait()
	g.kill(cmd.Process) // what it started, still holding the pipe
	select {
	case <-copied:
	case <-time.After(drainTimeout): // a process that left the group holds the pipe
	}
	r.Close()
	<-copied
	return cmd.ProcessState, nil
}

// maxLine bounds a line of a companion's output: a longer one is passed
// on in pieces of this size.
const maxLine = 64 << 10

// copyLines writes what r gives to w one line per Write, as each line
// comes; a last line without a newline gets one.
func copyLines(w io.Writer, r io.Reader) {
	br := bufio.NewReaderSize(r, maxLine)
	for {
		line, err := br.ReadSlice('\n')
		if len(line) > 0 {
			if line[len(line)-1] != '\n' { // a piece of a long line, or the last line
				line = append(line[:len(line):len(line)], '\n')
			}
			w.Write(line)
		}
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return
		}
	}
}

// prefixWriter writes each line it is given after prefix.
type prefixWriter struct {
	w      io.Writer
	prefix []byte
}

func (pw prefixWriter) Write(p []byte) (int, error) {
	if _, err := pw.w.Write(append(pw.prefix[:len(pw.prefix):len(pw.prefix)], p...)); err != nil {
		return 0, err
	}
	return len(p), nil
}
