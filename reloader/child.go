package reloader

import (
	"context"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// tailSize bounds the output an app's crash is parsed from.
const tailSize = 512 << 10

// drainTimeout bounds the wait for an app's output once its process group
// is dead: only a process that left the group can hold the pipes longer.
const drainTimeout = time.Second

// childConfig says how to run the app.
type childConfig struct {
	bin    string
	args   []string
	env    []string // the environment, complete
	addr   string   // where the app is expected to listen
	adopt  bool     // the engine chose addr: the app may be found listening elsewhere
	signal os.Signal
	grace  time.Duration
	ready  time.Duration // readiness timeout
	stdin  *stdinPump    // nil: no input
	stdout io.Writer     // receives the app's stdout, through a pipe
	stderr io.Writer     // receives the app's stderr, through a pipe
	// onPanic receives each handler panic net/http or a framework's
	// recovery logs, on either stream, from the goroutine copying it. It
	// must not block.
	onPanic func(panicBlock)
	onBegun func()       // called as such a panic's block begins, before its onPanic
	meter   *outputMeter // counts the output read and not yet scanned
	reap    sync.Locker  // held to reap the app; nil for none (Engine.Reap)
}

// child is one run of the app, from start to reaping.
type child struct {
	cmd   *exec.Cmd
	addr  string
	start time.Time
	tail  *tail              // the last of stdout and stderr, interleaved
	heard *heardAddrs        // the addresses the app's output says it listens on
	stop  context.CancelFunc // asks the app to stop: Signal to its group, the whole group killed after Grace
	ready chan readiness     // receives where the app accepts connections, or why it does not; after errNotListening, where it does later; after an adoption, its own address if it opens it
	done  chan struct{}      // closed once the app is reaped, its group killed and its output copied
	err   error              // how the app ended; set before done is closed
}

// startChild starts the app in its own process group and the goroutines
// that copy its output, wait for it to listen and reap it. Canceling ctx
// stops it as c.stop does.
func startChild(ctx context.Context, cfg childConfig) (*child, error) {
	if cfg.meter == nil {
		cfg.meter = new(outputMeter)
	}
	ctx, stop := context.WithCancel(ctx)
	cmd := exec.CommandContext(ctx, cfg.bin, cfg.args...)
	cmd.Env = cfg.env
	var g procGroup
	g.prepare(cmd)
	cmd.Cancel = func() error { return g.signal(cmd.Process, cfg.signal) }
	cmd.WaitDelay = cfg.grace

	c := &child{cmd: cmd, addr: cfg.addr, stop: stop, tail: &tail{max: tailSize}, heard: new(heardAddrs),
		ready: make(chan readiness, 3), done: make(chan struct{})}
	pipes, err := c.pipes(cfg)
	if err != nil {
		stop()
		return nil, err
	}
	c.start = time.Now()
	err = startPinned(cmd, c.done)
	pipes.closeChildEnds()
	if err != nil {
		pipes.closeOurEnds()
		stop()
		return nil, err
	}
	if err := g.attach(cmd.Process); err != nil {
		g.kill(cmd.Process)
	}
	go c.supervise(ctx, cfg, &g, pipes)
	return c, nil
}

// childPipes are the app's standard streams: ours are the ends the engine
// reads and writes, theirs the ends the app inherits.
type childPipes struct {
	stdinW, stdoutR, stderrR *os.File // ours
	theirs                   []*os.File
}

// pipes creates the app's standard streams and sets them on c.cmd.
// stdout and stderr are both pipes, read for crashes and handler panics:
// an app that logs to stdout is read as well as one that logs to stderr.
func (c *child) pipes(cfg childConfig) (_ *childPipes, err error) {
	p := new(childPipes)
	defer func() {
		if err != nil {
			p.closeChildEnds()
			p.closeOurEnds()
		}
	}()
	var w *os.File
	if p.stderrR, w, err = os.Pipe(); err != nil {
		return nil, err
	}
	p.theirs, c.cmd.Stderr = append(p.theirs, w), w
	if p.stdoutR, w, err = os.Pipe(); err != nil {
		return nil, err
	}
	p.theirs, c.cmd.Stdout = append(p.theirs, w), w
	if cfg.stdin != nil {
		var r *os.File
		if r, p.stdinW, err = os.Pipe(); err != nil {
			return nil, err
		}
		p.theirs, c.cmd.Stdin = append(p.theirs, r), r
	}
	return p, nil
}

// closeChildEnds closes the app's ends, once it has inherited them.
func (p *childPipes) closeChildEnds() {
	for _, f := range p.theirs {
		f.Close()
	}
}

// closeOurEnds closes the engine's ends.
func (p *childPipes) closeOurEnds() {
	for _, f := range []*os.File{p.stdinW, p.stdoutR, p.stderrR} {
		if f != nil {
			f.Close()
		}
	}
}

// supervise copies the app's output, waits for it to listen, reaps it,
// kills what is left of its group, and closes c.done.
func (c *child) supervise(ctx context.Context, cfg childConfig, g *procGroup, p *childPipes) {
	defer close(c.done)
	var copiers sync.WaitGroup
	cfg.meter.watch(p.stdoutR, p.stderrR)
	copiers.Go(func() { c.copyOutput(cfg, p.stdoutR, cfg.stdout) })
	copiers.Go(func() { c.copyOutput(cfg, p.stderrR, cfg.stderr) })
	if cfg.stdin != nil {
		cfg.stdin.attach(p.stdinW)
	}

	readyCtx, cancelReady := context.WithCancel(ctx)
	var waiter sync.WaitGroup
	waiter.Go(func() { c.awaitListen(readyCtx, cfg.addr, cfg.adopt, cfg.ready) })

	c.err = waitExit(c.cmd, cfg.reap)
	cancelReady()
	g.kill(c.cmd.Process) // SIGKILL: what is left can no longer run, whenever it is reaped
	if cfg.stdin != nil {
		cfg.stdin.detach(p.stdinW)
	}
	cfg.meter.forget(p.stdoutR, p.stderrR) // before they are closed
	if !waitTimeout(&copiers, drainTimeout) {
		p.closeOurEnds() // unblocks the copiers
		copiers.Wait()
	}
	p.closeOurEnds()
	waiter.Wait()
	g.release()
}

// copyOutput copies r, one of the app's output streams, to w, and reads
// it for the tail and for handler panics, until it ends.
func (c *child) copyOutput(cfg childConfig, r *os.File, w io.Writer) {
	scan := &panicScanner{found: cfg.onPanic, begun: cfg.onBegun}
	lines := &streamLines{tail: c.tail, heard: c.heard}
	out := io.MultiWriter(ignoreErrors{w}, lines, scan)
	buf := make([]byte, 32<<10)
	for {
		n, err := cfg.meter.read(r, buf)
		if n > 0 {
			out.Write(buf[:n])
			cfg.meter.done()
		}
		if err != nil {
			break
		}
	}
	lines.Close()
	scan.Close()
}

// waitTimeout waits for wg for at most d and reports whether it ended.
func waitTimeout(wg *sync.WaitGroup, d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

// exitStatus describes how the app ended, as exec does: "exit status 2",
// "signal: killed".
func (c *child) exitStatus() string {
	if c.cmd.ProcessState != nil {
		return c.cmd.ProcessState.String()
	}
	if c.err != nil {
		return c.err.Error()
	}
	return "exited"
}

// ignoreErrors writes to w and reports success whatever happens, so that
// a closed terminal never stalls an app writing to a full pipe.
type ignoreErrors struct{ w io.Writer }

func (ie ignoreErrors) Write(p []byte) (int, error) {
	ie.w.Write(p)
	return len(p), nil
}

// childEnv returns the app's environment: the engine's own, GOTRACEBACK=all
// unless the user set it, PORT and DEVSERVE_ADDR when the engine chose the
// address, then the user's additions, which win.
func childEnv(user []string, addr string, chosen bool) []string {
	env := os.Environ()
	if !hasVar(env, "GOTRACEBACK") && !hasVar(user, "GOTRACEBACK") {
		env = append(env, "GOTRACEBACK=all")
	}
	if chosen {
		port := addr[strings.LastIndexByte(addr, ':')+1:]
		env = append(env, "PORT="+port, "DEVSERVE_ADDR="+addr)
	}
	return append(env, user...)
}

// hasVar reports whether env sets the named variable.
func hasVar(env []string, name string) bool {
	for _, kv := range env {
		if strings.HasPrefix(kv, name+"=") {
			return true
		}
	}
	return false
}
