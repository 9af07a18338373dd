package reloader

import (
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// pollWatcher watches directories by listing them and comparing each
// file's size and modification time every interval. It works on any file
// system, at the cost of latency and of a stat per file per interval.
type pollWatcher struct {
	interval time.Duration
	out      chan fsnotify.Event
	errs     chan error
	stop     chan struct{} // closed by close
	done     chan struct{} // closed when the polling goroutine has exited

	mu   sync.Mutex
	seen map[string]stamp // guarded by mu: the files and directories of the watched directories, as last seen
	dirs []string         // guarded by mu: the watched directories
}

// stamp is what polling compares to tell that a file changed.
type stamp struct {
	mod   time.Time
	size  int64
	isDir bool
}

// newPollWatcher starts polling every interval.
func newPollWatcher(interval time.Duration) *pollWatcher {
	pw := &pollWatcher{
		interval: interval,
		out:      make(chan fsnotify.Event),
		errs:     make(chan error),
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
		seen:     make(map[string]stamp),
	}
	go pw.run()
	return pw
}

func (pw *pollWatcher) events() <-chan fsnotify.Event { return pw.out }
func (pw *pollWatcher) errors() <-chan error          { return pw.errs }
func (pw *pollWatcher) mode() string                  { return "poll" }

// affects reports false: polling lists the wanted directories themselves,
// so one that comes back is seen without help.
func (pw *pollWatcher) affects(fsnotify.Event) bool { return false }

// watch sets the directories and records their current state, so that
// only what changes afterwards is reported.
func (pw *pollWatcher) watch(dirs []string) error {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	pw.dirs = dirs
	for name, st := range scan(dirs) {
		if _, ok := pw.seen[name]; !ok {
			pw.seen[name] = st
		}
	}
	return nil
}

// close stops the polling goroutine and waits for it.
func (pw *pollWatcher) close() error {
	close(pw.stop)
	<-pw.done
	return nil
}

// run polls until close.
func (pw *pollWatcher) run() {
	defer close(pw.done)
	t := time.NewTicker(pw.interval)
	defer t.Stop()
	for {
		select {
		case <-pw.stop:
			return
		case <-t.C:
		}
		for _, ev := range pw.poll() {
			select {
			case pw.out <- ev:
			case <-pw.stop:
				return
			}
		}
	}
}

// poll scans the directories and returns what changed since last time.
func (pw *pollWatcher) poll() []fsnotify.Event {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	now := scan(pw.dirs)
	var evs []fsnotify.Event
	for name, st := range now {
		old, ok := pw.seen[name]
		switch {
		case !ok:
			evs = append(evs, fsnotify.Event{Name: name, Op: fsnotify.Create})
		case old != st:
			evs = append(evs, fsnotify.Event{Name: name, Op: fsnotify.Write})
		}
	}
	for name := range pw.seen {
		if _, ok := now[name]; !ok {
			evs = append(evs, fsnotify.Event{Name: name, Op: fsnotify.Remove})
		}
	}
	pw.seen = now
	return evs
}

// scan stats the directories and the entries in them.
func scan(dirs []string) map[string]stamp {
	seen := make(map[string]stamp)
	for _, d := range dirs {
		entries, err := os.ReadDir(d)
		if err != nil {
			continue // missing: its files read as removed, and as created when it is back
		}
		seen[d] = stamp{isDir: true}
		for _, e := range entries {
			info, err := e.Info()
			switch {
			case err != nil: // removed since ReadDir
			case info.IsDir(): // a directory's own time changes with its entries: not a change of it
				seen[filepath.Join(d, e.Name())] = stamp{isDir: true}
			default:
				seen[filepath.Join(d, e.Name())] = stamp{mod: info.ModTime(), size: info.Size()}
			}
		}
	}
	return seen
}
