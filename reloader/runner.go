package reloader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"sync"
	"time"
)

// runner is one Run of an Engine: the state its goroutine owns.
type runner struct {
	e      *Engine
	s      settings
	root   string   // the main module's directory: changes are named relative to it
	tmp    *tempDir // the engine's own directory for binaries, removed at the end
	exe    string   // the binary's file name
	goenv  goEnv
	out    sync.Mutex // guards writes to the terminal, shared by the app's stdout and stderr copies
	stdout io.Writer
	stderr io.Writer
	stdin  *stdinPump
	panics *panicQueue
	lines  *lineQueue // the lines of the running build

	set    *watchSet
	w      watcher
	reason string // why polling is used, when fsnotify failed

	ch       change    // the change under way
	settle   alarm     // rings once changes have paused for s.settle: build
	debounce alarm     // rings once they have paused for s.debounce: act
	job      *buildJob // the running build, nil if none
	jobOut   string    // the binary the change's build writes, "" once applied or removed
	builds   int       // builds started, naming their directories
	started  time.Time // when the last build started

	procs *companions // the companion processes, nil if none
	gen   *generators // the generators, nil if none

	list   *listJob // the running go list, nil if none
	relist listWant // a go list to run once the app has started

	bin     string         // the binary of the last good build; "" after a failed one
	app     *child         // the running app, nil if none
	readyCh chan readiness // the running app's readiness, nil once received
	addr    string         // the app's last address
}

// newRunner resolves the engine's defaults, lists the main package and
// starts watching.
func (e *Engine) newRunner(ctx context.Context) (*runner, error) {
	s, err := e.settings()
	if err != nil {
		return nil, err
	}
	r := &runner{e: e, s: s, root: s.dir, panics: newPanicQueue(&e.meter), lines: newLineQueue()}
	r.stdout = lockedWriter{&r.out, s.stdout}
	r.stderr = lockedWriter{&r.out, s.stderr}
	if r.goenv, err = readGoEnv(ctx, s.dir, e.BuildEnv); err != nil {
		return nil, err
	}
	if r.gen, err = newGenerators(e.Generate, s.dir, r.stderr); err != nil {
		return nil, err
	}
	set, err := listWatchSet(ctx, s.dir, e.BuildEnv, e.BuildFlags, s.pkg, r.goenv, r.globs())
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case err != nil:
		// go list cannot read the module (a broken go.mod): the build
		// will say why, and a fix is seen where it will be made.
		r.set = fallbackSet(s.dir, s.pkg, r.globs())
		r.exe = "app" + exeSuffix
	default:
		r.set = set
		if err := r.checkMain(); err != nil {
			return nil, err
		}
	}
	if r.tmp, err = newTempDir(""); err != nil {
		return nil, err
	}
	r.startWatching()
	r.procs = startCompanions(ctx, companionConfig{dir: r.root, signal: s.signal, grace: s.grace, stderr: r.stderr}, e.Processes)
	if e.Stdin != nil {
		r.stdin = newStdinPump(e.Stdin)
	}
	return r, nil
}

// checkMain checks that the package to run is a main package, and names
// the binary and the module root after it.
func (r *runner) checkMain() error {
	m := r.set.main
	switch {
	case m == nil:
		return fmt.Errorf("reloader: go list did not find %s", r.s.pkg)
	case m.Error != nil && m.Name == "":
		if _, err := os.Stat(m.Dir); m.Dir == "" || err != nil {
			return fmt.Errorf("reloader: %s", m.Error.Err)
		}
	case m.Name != "" && m.Name != "main":
		return fmt.Errorf("reloader: %s is package %s, not a main package", r.s.pkg, m.Name)
	}
	r.exe = "app"
	if m.ImportPath != "" && m.ImportPath != "command-line-arguments" {
		r.exe = path.Base(m.ImportPath)
	}
	r.exe += exeSuffix
	if m.Module != nil && m.Module.Dir != "" {
		r.root = m.Module.Dir
	}
	return nil
}

// globs returns the user's Watch, Reload and Exclude globs, and the
// generators', relative to Dir.
func (r *runner) globs() globs {
	return globs{root: r.s.dir, restart: r.e.Watch, reload: r.e.Reload, exclude: r.e.Exclude, generate: r.gen.patterns()}
}

// emit stamps ev and hands it to OnEvent.
func (r *runner) emit(ev Event) {
	if ev.Time.IsZero() {
		ev.Time = time.Now()
	}
	if r.e.OnEvent != nil {
		r.e.OnEvent(ev)
	}
}

// loop is the engine: it reacts to changes, builds, restarts, and reports,
// until ctx is done.
func (r *runner) loop(ctx context.Context) error {
	r.do(ctx, r.ch.start(r.gen != nil))
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-r.w.events():
			if !ok {
				return errors.New("reloader: the watcher stopped")
			}
			r.onFileEvent(ctx, ev)
		case err, ok := <-r.w.errors():
			if ok {
				r.onWatchError(ctx, err)
			}
		case <-r.settle.C():
			r.settle.rang()
			r.do(ctx, r.ch.settled())
		case <-r.debounce.C():
			r.debounce.rang()
			r.do(ctx, r.ch.debounced())
		case <-r.lines.ready:
			r.onBuildLines()
		case res := <-r.buildDone():
			r.onBuild(ctx, res)
		case res := <-r.readyCh:
			r.onReady(ctx, res)
		case <-r.appDone():
			r.onExit(ctx)
		case <-r.panics.ready:
			r.onPanics()
		case res := <-r.listDone():
			r.onList(ctx, res)
		case <-r.e.restarts():
			r.onRestart(ctx)
		case ev := <-r.procs.reports():
			r.emit(ev)
		case res := <-r.gen.done():
			r.onGenerated(ctx, res)
		}
	}
}

// shutdown stops everything the runner started and waits for it: the
// build, the generators, go list, the app and its process group, the
// watcher, the companion processes; then it removes the binaries.
func (r *runner) shutdown() {
	r.procs.signal() // they stop while the app does
	r.settle.stop()
	r.debounce.stop()
	r.cancelBuild()
	r.gen.stop()
	if r.list != nil {
		r.list.stop()
		r.list = nil
	}
	r.stopApp()
	r.onPanics()
	r.w.close()
	r.procs.stop()
	r.tmp.remove()
}

// buildDone, appDone and listDone return the channels the loop waits
// on, nil when there is nothing to wait for.
func (r *runner) buildDone() <-chan buildResult {
	if r.job == nil {
		return nil
	}
	return r.job.done
}

func (r *runner) appDone() <-chan struct{} {
	if r.app == nil {
		return nil
	}
	return r.app.done
}

func (r *runner) listDone() <-chan listResult {
	if r.list == nil {
		return nil
	}
	return r.list.done
}
