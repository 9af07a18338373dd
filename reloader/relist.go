package reloader

import (
	"context"
	"os"
	"path/filepath"
	"time"
)

// listWant says whether, and how, the watch set is to be recomputed.
type listWant int

const (
	listNone    listWant = iota
	listMerge            // after a failed build: add what go list sees to the old set
	listReplace          // after a good build: the new set replaces the old one
)

// listJob is a go list running in its own goroutine.
type listJob struct {
	cancel  context.CancelFunc
	done    chan listResult // receives the result once
	want    listWant
	started time.Time
}

// listResult is what a listJob found.
type listResult struct {
	set *watchSet
	err error
}

// stop cancels the job and waits for it.
func (j *listJob) stop() {
	j.cancel()
	<-j.done
}

// startList recomputes the watch set in the background, if a build asked
// for it. It runs once the new app has started (or could not), so that it
// never delays a restart.
func (r *runner) startList(ctx context.Context) {
	if r.relist == listNone {
		return
	}
	if r.list != nil {
		r.list.stop()
	}
	ctx, cancel := context.WithCancel(ctx)
	j := &listJob{cancel: cancel, done: make(chan listResult, 1), want: r.relist, started: r.started}
	r.list, r.relist = j, listNone
	dir, env, flags, pkg, ge, g := r.s.dir, r.e.BuildEnv, r.e.buildFlags(), r.s.pkg, r.goenv, r.globs()
	go func() {
		set, err := listWatchSet(ctx, dir, env, flags, pkg, ge, g) // walks the Watch globs' directories: off the loop
		j.done <- listResult{set: set, err: err}
	}()
}

// onList takes a recomputed watch set. Files that changed in newly watched
// directories since the build started (a file of a package imported just
// now) mean another build.
func (r *runner) onList(ctx context.Context, res listResult) {
	j := r.list
	r.list = nil
	if res.err != nil {
		r.stderr.Write([]byte(res.err.Error() + "\n"))
		return
	}
	set := res.set
	if j.want == listMerge {
		set.union(r.set)
	}
	old := r.set
	r.set = set
	r.rewatch()
	for d := range set.dirs {
		if !old.dirs[d] {
			r.changedSince(ctx, d, j.started)
		}
	}
	r.watching()
}

// changedSince feeds the files of dir modified after t to the debouncer.
func (r *runner) changedSince(ctx context.Context, dir string, t time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := filepath.Join(dir, e.Name())
		info, err := e.Info()
		if err != nil || !info.ModTime().After(t) {
			continue
		}
		r.changed(ctx, name, r.set.classify(name))
	}
}
