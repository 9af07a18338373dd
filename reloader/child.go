package reloader

import (
	"context"
	"errors"
	"io"
	"math"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// tailSize bounds the stderr an app's crash is parsed from.
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
	signal os.Signal
	grace  time.Duration
	ready  time.Duration // readiness timeout
	stdin  *stdinPump    // nil: no input
	stdout io.Writer     // an *os.File is handed to the app as its stdout
	stderr io.Writer
	// onPanic receives each handler panic net/http logs, from the
	// goroutine copying stderr. It must not block.
	onPanic func(remote string, block []byte)
	reap    sync.Locker // held to reap the app; nil for none (Engine.Reap)
}

// child is one run of the app, from start to reaping.
type child struct {
	cmd   *exec.Cmd
	addr  string
	start time.Time
	tail  *tail
	stop  context.CancelFunc // asks the app to stop: Signal to its group, the whole group killed after Grace
	ready chan error         // receives nil when the app accepts connections, or why it does not; after errNotListening, nil if it does later
	done  chan struct{}      // closed once the app is reaped, its group killed and its output copied
	err   error              // how the app ended; set before done is closed
}

// startChild starts the app in its own process group and the goroutines
// that copy its output, wait for it to listen and reap it. Canceling ctx
// stops it as c.stop does.
func startChild(ctx context.Context, cfg childConfig) (*child, error) {
	ctx, stop := context.WithCancel(ctx)
	cmd := exec.CommandContext(ctx, cfg.bin, cfg.args...)
	cmd.Env = cfg.env
	var g procGroup
	g.prepare(cmd)
	cmd.Cancel = func() error { return g.signal(cmd.Process, cfg.signal) }
	cmd.WaitDelay = cfg.grace

	c := &child{cmd: cmd, addr: cfg.addr, stop: stop, tail: &tail{max: tailSize},
		ready: make(chan error, 2), done: make(chan struct{})}
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
// A stdout that is a file (a terminal) is handed to the app as it is, so
// that the app sees a terminal where there is one; stderr is always a
// pipe, read for crashes and handler panics.
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
	if f, ok := cfg.stdout.(*os.File); ok {
		c.cmd.Stdout = f
	} else {
		if p.stdoutR, w, err = os.Pipe(); err != nil {
			return nil, err
		}
		p.theirs, c.cmd.Stdout = append(p.theirs, w), w
	}
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
	if p.stdoutR != nil {
		copiers.Add(1)
		go func() {
			defer copiers.Done()
			io.Copy(ignoreErrors{cfg.stdout}, p.stdoutR)
		}()
	}
	copiers.Add(1)
	go func() {
		defer copiers.Done()
		scan := &panicScanner{found: cfg.onPanic}
		io.Copy(io.MultiWriter(ignoreErrors{cfg.stderr}, c.tail, scan), p.stderrR)
		scan.Close()
	}()
	if cfg.stdin != nil {
		cfg.stdin.attach(p.stdinW)
	}

	readyCtx, cancelReady := context.WithCancel(ctx)
	var readiness sync.WaitGroup
	readiness.Add(1)
	go func() {
		defer readiness.Done()
		err := waitReady(readyCtx, c.addr, readyPoll, cfg.ready)
		c.ready <- err
		if errors.Is(err, errNotListening) && waitReady(readyCtx, c.addr, latePoll, math.MaxInt64) == nil {
			c.ready <- nil // late, but there
		}
	}()

	c.err = waitExit(c.cmd, cfg.reap)
	cancelReady()
	g.kill(c.cmd.Process) // SIGKILL: what is left can no longer run, whenever it is reaped
	if cfg.stdin != nil {
		cfg.stdin.detach(p.stdinW)
	}
	if !waitTimeout(&copiers, drainTimeout) {
		p.closeOurEnds() // unblocks the copiers
		copiers.Wait()
	}
	p.closeOurEnds()
	readiness.Wait()
	g.release()
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
