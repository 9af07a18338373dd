package reloader

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/fsnotify/fsnotify"
)

// fallbackPoll is the polling interval used when fsnotify cannot work.
const fallbackPoll = 300 * time.Millisecond

// startWatching watches the watch set with fsnotify, or by polling when
// asked to or when fsnotify fails.
func (r *runner) startWatching() {
	if r.e.Poll > 0 {
		r.poll(r.e.Poll, "")
		return
	}
	if reason := r.eventlessReason(); reason != "" {
		r.poll(fallbackPoll, reason)
		return
	}
	nw, err := newNotifyWatcher()
	if err != nil {
		r.fallback(err)
		return
	}
	r.w = nw
	if err := nw.watch(r.set.dirList()); !r.reportUnreadable(err) {
		r.fallback(err)
		return
	}
	r.watching()
}

// fallback replaces the watcher with polling, for the reason given.
func (r *runner) fallback(reason error) {
	r.poll(fallbackPoll, "fsnotify failed, polling every "+fallbackPoll.String()+": "+reason.Error())
}

// poll replaces the watcher, if any, with polling every interval, for
// reason.
func (r *runner) poll(interval time.Duration, reason string) {
	if r.w != nil {
		r.w.close()
	}
	r.w = newPollWatcher(interval)
	r.w.watch(r.set.dirList())
	r.reason = reason
	r.watching()
}

// eventlessReason returns why the watch set is to be polled, when one of
// its directories is on a file system that delivers no events, else "".
func (r *runner) eventlessReason() string {
	for _, dir := range r.set.dirList() {
		if fs := eventless(dir); fs != "" {
			return fmt.Sprintf("%s is on %s, which delivers no file events: polling every %v", dir, fs, fallbackPoll)
		}
	}
	return ""
}

// watching reports the watch set and mode.
func (r *runner) watching() {
	r.emit(Event{Kind: Watching, Mode: r.w.mode(), Reason: r.reason, Files: r.set.fileCount()})
}

// onWatchError handles an error of the watcher: lost events mean a
// rebuild, anything else means polling from now on.
func (r *runner) onWatchError(ctx context.Context, err error) {
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		r.changed(ctx, r.root, rebuild)
		return
	}
	r.fallback(err)
}

// rewatch makes the watcher watch the current watch set.
func (r *runner) rewatch() {
	if err := r.w.watch(r.set.dirList()); !r.reportUnreadable(err) {
		r.fallback(err)
	}
}

// reportUnreadable reports whether err is nil or names only directories the
// watcher may not read, which it says on the terminal, one line each:
// the rest stays watched as it is. Any other error asks for polling.
func (r *runner) reportUnreadable(err error) bool {
	if err == nil {
		return true
	}
	var ue *unreadableError
	if !errors.As(err, &ue) {
		return false
	}
	fmt.Fprintln(r.stderr, err)
	return true
}
