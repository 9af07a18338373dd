package reloader

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/fsnotify/fsnotify"
)

// onFileEvent feeds a change of the file system to the change under
// way. A change of mode matters only when it makes a directory readable
// or not.
func (r *runner) onFileEvent(ctx context.Context, ev fsnotify.Event) {
	switch {
	case r.w.affects(ev):
		r.rewatch()
	case ev.Op == fsnotify.Chmod:
		return
	}
	r.changed(ctx, ev.Name, r.set.classify(ev.Name))
}

// changed records a change of name asking for a, or of a generator's
// source, and sets both waits again.
func (r *runner) changed(ctx context.Context, name string, a action) {
	source := r.isSource(name)
	if a == ignore && !source {
		return
	}
	if r.ch.held == nil {
		r.gen.forget(name) // changed by someone else than the generators
	}
	if source {
		r.do(ctx, r.ch.source(name))
	}
	r.do(ctx, r.ch.seen(name, a))
	r.settle.after(r.s.settle)
	r.debounce.after(r.s.debounce)
}

// do carries out a step of the change under way.
func (r *runner) do(ctx context.Context, s step) {
	switch s {
	case stepCancel:
		r.cancelBuild()
	case stepBuild:
		r.startBuild(ctx)
	case stepApply:
		r.jobOut = ""
		r.apply(ctx, r.ch.take())
	case stepRestart:
		changed := r.relative(r.ch.names)
		r.ch.acted()
		if r.bin != "" {
			r.stopApp()
			r.startApp(ctx, changed)
		}
	case stepReload:
		changed := r.relative(r.ch.names)
		r.ch.acted()
		r.emit(Event{Kind: Reloaded, Changed: changed})
	case stepGenerate:
		r.startGenerators(ctx)
	case stepSettle:
		r.settleAfterGenerators()
	case stepCheck:
		r.checkHeld(ctx)
	}
}

// cancelBuild cancels the running build, and removes the binary of the
// change's build, finished or not.
func (r *runner) cancelBuild() {
	if r.job != nil {
		r.job.stop()
		r.job = nil
	}
	if r.jobOut != "" {
		os.RemoveAll(filepath.Dir(r.jobOut))
		r.jobOut = ""
	}
}

// startBuild starts building a new binary of the change's files while
// the app keeps running.
func (r *runner) startBuild(ctx context.Context) {
	r.builds++
	dir := filepath.Join(r.tmp.path, strconv.Itoa(r.builds))
	r.jobOut = filepath.Join(dir, r.exe)
	r.started = time.Now()
	r.lines.take() // a canceled build's
	r.emit(Event{Kind: Building, Changed: r.relative(r.ch.names)})
	if err := os.Mkdir(dir, 0o755); err != nil {
		r.do(ctx, r.ch.built(buildResult{out: r.jobOut, err: fmt.Errorf("reloader: %w", err)}))
		return
	}
	r.job = goBuild(ctx, buildConfig{
		pkg:     r.s.pkg,
		dir:     r.s.dir,
		flags:   r.e.buildFlags(),
		module:  modulePath(r.set.main),
		root:    r.root,
		env:     r.e.BuildEnv,
		out:     r.jobOut,
		timeout: r.s.buildTimeout,
		onLine:  r.lines.push,

		modules:  r.set.localModules(),
		optimize: r.e.Optimize,
	})
}

// onBuildLines reports the lines the running build printed.
func (r *runner) onBuildLines() {
	for _, line := range r.lines.take() {
		r.emit(Event{Kind: BuildOutput, Line: line})
	}
}

// onBuild takes a finished build.
func (r *runner) onBuild(ctx context.Context, res buildResult) {
	r.job = nil
	r.onBuildLines()  // all of them before the outcome
	if res.canceled { // only at shutdown: cancelBuild takes its own builds' ends
		return
	}
	r.do(ctx, r.ch.built(res))
}

// apply acts on a build's outcome: a failed build stops the app (a stale
// binary never runs), a good one replaces it.
func (r *runner) apply(ctx context.Context, res buildResult) {
	if res.err != nil {
		r.stopApp()
		r.dropBin()
		if res.out != "" { // a generator's failure has no binary
			os.RemoveAll(filepath.Dir(res.out))
		}
		r.emit(Event{Kind: BuildFailed, Err: asBuildError(res.err, r.s.pkg), Duration: res.duration})
		r.relist = listMerge
		r.startList(ctx)
		return
	}
	if len(res.output) > 0 {
		r.stderr.Write(res.output) // warnings of a good build
	}
	r.emit(Event{Kind: Built, Duration: res.duration})
	r.stopApp()
	r.dropBin()
	r.bin = res.out
	r.relist = listReplace
	r.startApp(ctx, nil)
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
// they are inside it. A name that is gone and that the watch set never
// held, a temporary file an editor or sed wrote and renamed, is left out
// when other names remain.
func (r *runner) relative(names map[string]bool) []string {
	out := make([]string, 0, len(names))
	for n := range names {
		if len(names) > 1 && !r.set.has(n) && !exists(n) {
			continue
		}
		if rel, err := filepath.Rel(r.root, n); err == nil && within(n, r.root) {
			n = rel
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// exists reports whether a file or directory is at name.
func exists(name string) bool {
	_, err := os.Lstat(name)
	return err == nil
}
