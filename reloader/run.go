package reloader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/fsnotify/fsnotify"
)

// fallbackPoll is the polling interval used when fsnotify cannot work.
const fallbackPoll = 300 * time.Millisecond

// runner is one Run of an Engine: the state its goroutine owns.
type runner struct {
	e      *Engine
	dir    string // absolute: where go commands run
	root   string // the main module's directory: changes are named relative to it
	tmp    string // the engine's own directory for binaries, removed at the end
	exe    string // the binary's file name
	goenv  goEnv
	out    sync.Mutex // guards writes to the terminal, shared by the app's stdout and stderr copies
	stdout io.Writer
	stderr io.Writer
	stdin  *stdinPump
	panics *panicQueue

	set     *watchSet
	w       watcher
	deb     debouncer       // Debounce after the last change: act on the build's outcome
	early   debouncer       // a tenth of it: start the build
	pending map[string]bool // changes since the last outcome applied
	gen     int             // builds started
	build   *buildJob       // the running build, nil if none
	held    *buildResult    // a finished build waiting for the debounce, nil if none
	commit  bool            // the debounce of the running build's changes is over: apply its outcome
	started time.Time       // when the running build started
	list    *listJob        // the running go list, nil if none
	relist  listWant        // a go list to run once the app has started
	bin     string          // the binary of the last good build; "" after a failed one
	child   *child          // the running app, nil if none
	readyCh chan error      // the running app's readiness, nil once received
	addr    string          // the app's last address
	reason  string          // why polling is used, when fsnotify failed
}

// newRunner resolves the engine's defaults, lists the main package and
// starts watching.
func (e *Engine) newRunner(ctx context.Context) (*runner, error) {
	dir, err := filepath.Abs(e.dirOrDot())
	if err != nil {
		return nil, fmt.Errorf("reloader: %w", err)
	}
	r := &runner{e: e, dir: dir, root: dir, panics: newPanicQueue()}
	r.deb.delay = orDefault(e.Debounce, 50*time.Millisecond)
	r.early.delay = max(r.deb.delay/10, time.Millisecond)
	r.pending = make(map[string]bool)
	r.stdout = lockedWriter{&r.out, writerOr(e.Stdout, os.Stdout)}
	r.stderr = lockedWriter{&r.out, writerOr(e.Stderr, os.Stderr)}
	if r.goenv, err = readGoEnv(ctx, dir, e.BuildEnv); err != nil {
		return nil, err
	}
	pkgs, err := listPackages(ctx, dir, e.BuildEnv, e.BuildFlags, e.pkg())
	if err != nil {
		return nil, err
	}
	r.set = newWatchSet(pkgs, r.goenv, r.globs())
	if err := r.checkMain(); err != nil {
		return nil, err
	}
	if r.tmp, err = os.MkdirTemp("", "devserve-"); err != nil {
		return nil, fmt.Errorf("reloader: %w", err)
	}
	r.startWatching()
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
		return fmt.Errorf("reloader: go list did not find %s", r.e.pkg())
	case m.Error != nil && m.Name == "":
		if _, err := os.Stat(m.Dir); m.Dir == "" || err != nil {
			return fmt.Errorf("reloader: %s", m.Error.Err)
		}
	case m.Name != "" && m.Name != "main":
		return fmt.Errorf("reloader: %s is package %s, not a main package", r.e.pkg(), m.Name)
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

// globs returns the user's Watch and Exclude globs, relative to Dir.
func (r *runner) globs() globs {
	return globs{root: r.dir, restart: r.e.Watch, exclude: r.e.Exclude}
}

// startWatching watches the watch set with fsnotify, or by polling when
// asked to or when fsnotify fails.
func (r *runner) startWatching() {
	if r.e.Poll > 0 {
		r.w = newPollWatcher(r.e.Poll)
		r.w.watch(r.set.dirList())
		r.watching()
		return
	}
	nw, err := newNotifyWatcher()
	if err != nil {
		r.fallback(err)
		return
	}
	r.w = nw
	if err := nw.watch(r.set.dirList()); err != nil {
		r.fallback(err)
		return
	}
	r.watching()
}

// fallback replaces the watcher with polling, for the reason given.
func (r *runner) fallback(reason error) {
	if r.w != nil {
		r.w.close()
	}
	r.w = newPollWatcher(fallbackPoll)
	r.w.watch(r.set.dirList())
	r.reason = "fsnotify failed, polling every " + fallbackPoll.String() + ": " + reason.Error()
	r.watching()
}

// watching reports the watch set and mode.
func (r *runner) watching() {
	r.emit(Event{Kind: Watching, Mode: r.w.mode(), Reason: r.reason, Files: len(r.set.files)})
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
	r.startBuild(ctx)
	r.commit = true
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-r.w.events():
			if !ok {
				return errors.New("reloader: the watcher stopped")
			}
			r.onFileEvent(ev)
		case err, ok := <-r.w.errors():
			if ok {
				r.onWatchError(err)
			}
		case <-r.early.C():
			r.onSettled(ctx)
		case <-r.deb.C():
			r.onChanges(ctx)
		case res := <-r.buildDone():
			r.onBuild(ctx, res)
		case err := <-r.readyCh:
			r.onReady(ctx, err)
		case <-r.childDone():
			r.onExit(ctx)
		case <-r.panics.ready:
			r.onPanics()
		case res := <-r.listDone():
			r.onList(res)
		}
	}
}

// shutdown stops everything the runner started and waits for it: the
// build, go list, the app and its process group, the watcher; then it
// removes the binaries.
func (r *runner) shutdown() {
	r.deb.stop()
	r.early.stop()
	r.discardBuild()
	if r.list != nil {
		r.list.stop()
		r.list = nil
	}
	r.stopChild()
	r.onPanics()
	r.w.close()
	os.RemoveAll(r.tmp)
}

// onFileEvent feeds a change of the file system to the debouncers. A
// change that means a rebuild also cancels the build under way, or drops
// the one waiting for its debounce: their sources are out of date.
func (r *runner) onFileEvent(ev fsnotify.Event) {
	if ev.Op == fsnotify.Chmod {
		return
	}
	if r.w.affects(ev) {
		r.rewatch()
	}
	r.changed(ev.Name, r.set.classify(ev.Name))
}

// changed records a change of name asking for a.
func (r *runner) changed(name string, a action) {
	if a == ignore {
		return
	}
	r.deb.add(name, a)
	if a == rebuild {
		r.early.add(name, a)
		r.discardBuild()
	}
}

// onWatchError handles an error of the watcher: lost events mean a
// rebuild, anything else means polling from now on.
func (r *runner) onWatchError(err error) {
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		r.changed(r.root, rebuild)
		return
	}
	r.fallback(err)
}

// rewatch makes the watcher watch the current watch set.
func (r *runner) rewatch() {
	if err := r.w.watch(r.set.dirList()); err != nil {
		r.fallback(err)
	}
}

// onSettled starts a build once changes have paused briefly, ahead of the
// debounce: builds take longer than the debounce, so its outcome is
// usually ready by the time the debounce allows acting on it.
func (r *runner) onSettled(ctx context.Context) {
	names, _ := r.early.take()
	for _, n := range names {
		r.pending[n] = true
	}
	r.startBuild(ctx)
}

// onChanges acts on a batch of changes once the debouncer releases it:
// the build's outcome is applied (now, or when the build ends), or the
// app is restarted for a change of a Watch file.
func (r *runner) onChanges(ctx context.Context) {
	_, a := r.deb.take()
	switch {
	case r.held != nil:
		res := *r.held
		r.held = nil
		r.apply(ctx, res)
	case r.build != nil:
		r.commit = true
	case a == rebuild: // not started early: only when Debounce is tiny
		r.startBuild(ctx)
		r.commit = true
	case r.bin != "":
		r.stopChild()
		r.startChild(ctx)
	}
}

// discardBuild cancels the running build, or drops the finished one that
// waits for the debounce.
func (r *runner) discardBuild() {
	if r.build != nil {
		r.build.stop()
		os.RemoveAll(filepath.Dir(r.build.out))
		r.build = nil
	}
	if r.held != nil {
		os.RemoveAll(filepath.Dir(r.held.out))
		r.held = nil
	}
	r.commit = false
}

// startBuild starts building a new binary while the app keeps running.
func (r *runner) startBuild(ctx context.Context) {
	r.gen++
	dir := filepath.Join(r.tmp, strconv.Itoa(r.gen))
	out := filepath.Join(dir, r.exe)
	r.started = time.Now()
	r.emit(Event{Kind: Building, Changed: r.relative(r.pending)})
	if err := os.Mkdir(dir, 0o755); err != nil {
		r.apply(ctx, buildResult{out: out, err: fmt.Errorf("reloader: %w", err)})
		return
	}
	r.build = startBuild(ctx, buildConfig{
		pkg:   r.e.pkg(),
		dir:   r.dir,
		flags: r.e.BuildFlags,
		env:   r.e.BuildEnv,
		out:   out,
	})
}

// onBuild takes a finished build: its outcome is applied if the debounce
// of its changes is over, else kept until it is.
func (r *runner) onBuild(ctx context.Context, res buildResult) {
	r.build = nil
	switch {
	case res.canceled: // only at shutdown: discardBuild takes its own builds' ends
		return
	case !r.commit:
		r.held = &res
		return
	}
	r.apply(ctx, res)
}

// apply acts on a build's outcome: a failed build stops the app (a stale
// binary never runs), a good one replaces it.
func (r *runner) apply(ctx context.Context, res buildResult) {
	r.commit = false
	clear(r.pending)
	if res.err != nil {
		r.stopChild()
		r.dropBin()
		os.RemoveAll(filepath.Dir(res.out))
		r.emit(Event{Kind: BuildFailed, Err: asBuildError(res.err, r.e.pkg()), Duration: res.duration})
		r.relist = listMerge
		r.startList(ctx)
		return
	}
	if len(res.output) > 0 {
		r.stderr.Write(res.output) // warnings of a good build
	}
	r.emit(Event{Kind: Built, Duration: res.duration})
	r.stopChild()
	r.dropBin()
	r.bin = res.out
	r.relist = listReplace
	r.startChild(ctx)
}

// asBuildError returns err as a BuildError: the go command's own failures
// (it could not run) are shown like compiler errors.
func asBuildError(err error, pkg string) *BuildError {
	var be *BuildError
	if errors.As(err, &be) {
		return be
	}
	return &BuildError{Package: pkg, Errors: []CompileError{{Message: err.Error()}}, Output: err.Error()}
}

// dropBin removes the binary of the last good build.
func (r *runner) dropBin() {
	if r.bin != "" {
		os.RemoveAll(filepath.Dir(r.bin))
		r.bin = ""
	}
}

// relative names changed files, sorted, relative to the module root when
// they are inside it.
func (r *runner) relative(names map[string]bool) []string {
	out := make([]string, 0, len(names))
	for n := range names {
		if rel, err := filepath.Rel(r.root, n); err == nil && within(n, r.root) {
			n = rel
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// startChild starts the app from the last good binary.
func (r *runner) startChild(ctx context.Context) {
	addr, chosen := r.e.AppAddr, r.e.AppAddr == ""
	if chosen {
		a, err := freeAddr(r.addr)
		if err != nil {
			r.cannotStart(ctx, err)
			return
		}
		addr = a
	}
	r.addr = addr
	c, err := startChild(ctx, childConfig{
		bin:     r.bin,
		args:    r.e.Args,
		env:     childEnv(r.e.Env, addr, chosen),
		addr:    dialAddr(addr),
		signal:  signalOr(r.e.Signal),
		grace:   orDefault(r.e.Grace, 5*time.Second),
		ready:   orDefault(r.e.ReadyTimeout, 30*time.Second),
		stdin:   r.stdin,
		stdout:  r.stdout,
		stderr:  r.stderr,
		onPanic: r.panics.push,
	})
	if err != nil {
		r.cannotStart(ctx, err)
		return
	}
	r.child, r.readyCh = c, c.ready
	r.emit(Event{Kind: Started, Addr: addr, PID: c.cmd.Process.Pid})
}

// cannotStart reports an app that could not even start as a crash.
func (r *runner) cannotStart(ctx context.Context, err error) {
	status := "not started: " + err.Error()
	r.emit(Event{Kind: Crashed, ExitStatus: status, Report: &debugpage.Report{
		Kind: debugpage.KindCrash, Title: "the app could not start", Message: err.Error(),
		Time: time.Now(), ExitStatus: status,
	}})
	r.startList(ctx)
}

// stopChild stops the app, if one runs, and waits until it and its
// process group are gone.
func (r *runner) stopChild() {
	c := r.child
	if c == nil {
		return
	}
	r.child, r.readyCh = nil, nil
	r.emit(Event{Kind: Stopping, Addr: c.addr, PID: c.cmd.Process.Pid})
	c.stop()
	<-c.done
	r.emit(Event{Kind: Stopped, Addr: c.addr, PID: c.cmd.Process.Pid})
}

// onReady reports whether the app listens.
func (r *runner) onReady(ctx context.Context, err error) {
	r.readyCh = nil
	c := r.child
	switch {
	case err == nil:
		r.emit(Event{Kind: Ready, Addr: r.addr, Duration: time.Since(c.start)})
	case errors.Is(err, errNotListening):
		r.emit(Event{Kind: NotListening, Addr: r.addr})
	default:
		return // the app exited: onExit reports it
	}
	r.startList(ctx)
}

// onExit reports an app that exited on its own. It is not restarted: the
// next change is.
func (r *runner) onExit(ctx context.Context) {
	c := r.child
	r.child, r.readyCh = nil, nil
	status := c.exitStatus()
	r.emit(Event{Kind: Crashed, Addr: c.addr, PID: c.cmd.Process.Pid, ExitStatus: status,
		Report: crashReport(c.tail.bytes(), status)})
	r.startList(ctx)
}

// onPanics reports the handler panics the app logged.
func (r *runner) onPanics() {
	for _, p := range r.panics.take() {
		r.emit(Event{Kind: HandlerPanic, Remote: p.remote, Report: panicReport(p.block)})
	}
}

// buildDone, childDone and listDone return the channels the loop waits
// on, nil when there is nothing to wait for.
func (r *runner) buildDone() <-chan buildResult {
	if r.build == nil {
		return nil
	}
	return r.build.done
}

func (r *runner) childDone() <-chan struct{} {
	if r.child == nil {
		return nil
	}
	return r.child.done
}

func (r *runner) listDone() <-chan listResult {
	if r.list == nil {
		return nil
	}
	return r.list.done
}
