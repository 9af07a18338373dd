package reloader

import (
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// pollWatcher watches directories by comparing each file's stamp (size,
// modification and change times, inode where the system has them) every
// interval. It works on any file system, at the cost of latency and of a
// stat per file per interval.
//
// Each watched directory keeps its own sorted list of entries. A
// directory whose own stamp is unchanged, and old enough to be trusted
// (see settleTime), is not listed again: only its files are stat-ed, each
// relative to the open directory where the system allows it. A pass over
// an unchanged tree builds no paths, and allocates per file only the
// system call's copy of its name.
type pollWatcher struct {
	interval time.Duration
	out      chan fsnotify.Event
	stop     chan struct{} // closed by close
	done     chan struct{} // closed when the polling goroutine has exited

	mu    sync.Mutex
	dirs  []string             // guarded by mu: the watched directories
	state map[string]*dirState // guarded by mu: what each watched directory held, as last seen
	evs   []fsnotify.Event     // guarded by mu: the events of the last pass, reused by the next
}

// newPollWatcher starts polling every interval.
func newPollWatcher(interval time.Duration) *pollWatcher {
	pw := &pollWatcher{
		interval: interval,
		out:      make(chan fsnotify.Event),
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
		state:    make(map[string]*dirState),
	}
	go pw.run()
	return pw
}

func (pw *pollWatcher) events() <-chan fsnotify.Event { return pw.out }
func (pw *pollWatcher) errors() <-chan error          { return nil } // polling has no errors to report
func (pw *pollWatcher) mode() string                  { return "poll" }

// affects reports false: polling lists the wanted directories themselves,
// so one that comes back is seen without help.
func (pw *pollWatcher) affects(fsnotify.Event) bool { return false }

// watch sets the directories and records the current state of those not
// watched before, so that only what changes afterwards is reported. A
// directory watched before keeps its state: a change made since the last
// pass is still reported by the next. A directory no longer watched is
// forgotten.
func (pw *pollWatcher) watch(dirs []string) error {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	pw.dirs = dirs
	start := time.Now()
	keep := make(map[string]bool, len(dirs))
	for _, d := range dirs {
		keep[d] = true
		if pw.state[d] == nil {
			ds := new(dirState)
			ds.rescan(d, start, nil)
			pw.state[d] = ds
		}
	}
	for d := range pw.state {
		if !keep[d] {
			delete(pw.state, d)
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

// poll looks at the directories and returns what changed since last
// time. The slice returned is reused by the next call.
func (pw *pollWatcher) poll() []fsnotify.Event {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	start := time.Now()
	evs := pw.evs[:0]
	for _, d := range pw.dirs {
		evs = pw.state[d].rescan(d, start, evs)
	}
	clear(evs[len(evs):cap(evs)]) // drop the names of older passes
	pw.evs = evs
	return evs
}
