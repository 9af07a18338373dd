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

// onFileEvent feeds a change of the file system to the debouncers. A
// change that means a rebuild also cancels the build under way, or drops
// the one waiting for its debounce: their sources are out of date. A
// change of mode matters only when it makes a directory readable or not.
func (r *runner) onFileEvent(ev fsnotify.Event) {
	switch {
	case r.w.affects(ev):
		r.rewatch()
	case ev.Op == fsnotify.Chmod:
		return
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

// onSettled starts a build once changes have paused briefly, ahead of the
// debounce: builds take longer than the debounce, so its outcome is
// usually ready by the time the debounce allows acting on it.
func (r *runner) onSettled(ctx context.Context) {
	r.takeEarly()
	r.discardBuild()
	r.startBuild(ctx)
}

// takeEarly moves the changes the early debouncer holds to r.pending.
func (r *runner) takeEarly() {
	names, _ := r.early.take()
	for _, n := range names {
		r.pending[n] = true
	}
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
		r.takeEarly()
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

		timeout: orDefault(r.e.BuildTimeout, 10*time.Minute),
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
