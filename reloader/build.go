package reloader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"time"

	"github.com/devserve/devserve/internal/gocmd"
)

// buildConfig says what to build and how.
type buildConfig struct {
	pkg   string   // the main package, as given to go build
	dir   string   // where go build runs
	flags []string // the user's build flags
	env   []string // added to the environment
	out   string   // the executable to write

	module string // the main module's path: its packages report every error
	root   string // the main module's directory: errors name files relative to it

	timeout time.Duration // a longer build is stopped and fails; 0 for none

	// onLine, if not nil, receives each line go build prints, as it
	// comes, from the build's goroutine. It must not block.
	onLine func(line string)
}

// buildResult is how a build ended.
type buildResult struct {
	out      string        // the executable, written when the build succeeded
	output   []byte        // what go build printed
	duration time.Duration // from start to end
	err      error         // a *BuildError, or the go command could not run; nil on success
	canceled bool          // the build was canceled before it ended
}

// buildJob is a build running in its own goroutine.
type buildJob struct {
	out    string // the executable it writes
	cancel context.CancelFunc
	done   chan buildResult // receives the result once
}

// goBuild starts go build. Canceling the job, or ctx, kills the go
// command and every compiler and linker it started.
func goBuild(ctx context.Context, cfg buildConfig) *buildJob {
	ctx, cancel := context.WithCancel(ctx)
	j := &buildJob{out: cfg.out, cancel: cancel, done: make(chan buildResult, 1)}
	go func() { j.done <- runBuild(ctx, cfg) }()
	return j
}

// stop cancels the build and waits for it to end.
func (j *buildJob) stop() {
	j.cancel()
	<-j.done
}

// runBuild runs go build -o cfg.out and waits for it.
func runBuild(ctx context.Context, cfg buildConfig) buildResult {
	parent := ctx
	if cfg.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.timeout)
		defer cancel()
	}
	args := append([]string{"build", "-o", cfg.out}, withGCFlags(withoutOutput(cfg.flags), cfg.module, "-e")...)
	cmd := gocmd.Command(ctx, cfg.dir, cfg.env, append(args, cfg.pkg)...)
	var out bytes.Buffer
	lines := &lineTee{w: &out, onLine: cfg.onLine}
	cmd.Stdout, cmd.Stderr = lines, lines
	var g procGroup
	g.prepare(cmd)
	cmd.Cancel = func() error { return g.kill(cmd.Process) }
	cmd.WaitDelay = time.Second
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return buildResult{out: cfg.out, err: fmt.Errorf("reloader: go build: %w", err)}
	}
	defer g.release()
	if err := g.attach(cmd.Process); err != nil {
		cmd.Process.Kill()
	}
	err := cmd.Wait()
	g.kill(cmd.Process) // a compiler orphaned by a killed go command
	lines.flush()
	res := buildResult{out: cfg.out, output: out.Bytes(), duration: time.Since(start), canceled: parent.Err() != nil}
	var exit *exec.ExitError
	switch {
	case res.canceled:
	case ctx.Err() != nil:
		res.err = fmt.Errorf("reloader: go build did not finish within %v and was stopped (Engine.BuildTimeout); save a file to try again", cfg.timeout)
	case errors.As(err, &exit):
		res.err = newBuildError(cfg, out.String())
	case err != nil:
		res.err = fmt.Errorf("reloader: go build: %w", err)
	}
	return res
}
