package reloader

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// pollWatcher watches directories by listing them and comparing each
// file's size and modification time every interval. It works on any file
// system, at the cost of latency and of a stat per file per interval.
//
// Each watched directory keeps its own sorted list of entries, updated in
// place: a pass over an unchanged tree builds no paths and no maps.
type pollWatcher struct {
	interval time.Duration
	out      chan fsnotify.Event
	errs     chan error
	stop     chan struct{} // closed by close
	done     chan struct{} // closed when the polling goroutine has exited

	mu    sync.Mutex
	dirs  []string             // guarded by mu: the watched directories
	state map[string]*dirState // guarded by mu: what each watched directory held, as last seen
	evs   []fsnotify.Event     // guarded by mu: the events of the last pass, reused by the next
}

// dirState is what polling last saw of one directory.
type dirState struct {
	present bool    // the directory could be listed
	entries []entry // its files and directories, sorted by name
	spare   []entry // the list before last, reused for the next pass
}

// entry is one name in a directory, with its stamp.
type entry struct {
	name string
	st   stamp
}

// stamp is what polling compares to tell that a file changed.
type stamp struct {
	mod   int64 // modification time in nanoseconds since the epoch; zero for a directory
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
		state:    make(map[string]*dirState),
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

// watch sets the directories and records the current state of those not
// watched before, so that only what changes afterwards is reported. A
// directory watched before keeps its state: a change made since the last
// pass is still reported by the next. A directory no longer watched is
// forgotten.
func (pw *pollWatcher) watch(dirs []string) error {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	pw.dirs = dirs
	keep := make(map[string]bool, len(dirs))
	for _, d := range dirs {
		keep[d] = true
		if pw.state[d] == nil {
			ds := new(dirState)
			ds.rescan(d, nil)
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

// poll lists the directories and returns what changed since last time.
// The slice returned is reused by the next call.
func (pw *pollWatcher) poll() []fsnotify.Event {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	evs := pw.evs[:0]
	for _, d := range pw.dirs {
		evs = pw.state[d].rescan(d, evs)
	}
	clear(evs[len(evs):cap(evs)]) // drop the names of older passes
	pw.evs = evs
	return evs
}

// rescan lists dir, appends to evs what changed since the last listing,
// and records the new one. A directory that cannot be listed is missing:
// its files read as removed, and as created when it is back.
func (ds *dirState) rescan(dir string, evs []fsnotify.Event) []fsnotify.Event {
	list, err := os.ReadDir(dir)
	if err != nil {
		if ds.present {
			evs = append(evs, fsnotify.Event{Name: dir, Op: fsnotify.Remove})
			evs = ds.removed(dir, ds.entries, evs)
		}
		ds.present = false
		ds.entries = ds.entries[:0]
		return evs
	}
	if !ds.present {
		evs = append(evs, fsnotify.Event{Name: dir, Op: fsnotify.Create})
		ds.present = true
	}
	return ds.merge(dir, list, evs)
}

// merge compares list, sorted by name as os.ReadDir sorts it, with the
// entries last seen, appends the differences to evs and keeps list's
// stamps as the entries. A full path is built only for a change.
func (ds *dirState) merge(dir string, list []fs.DirEntry, evs []fsnotify.Event) []fsnotify.Event {
	old, next := ds.entries, ds.spare[:0]
	i := 0
	for _, de := range list {
		st, ok := stampOf(de)
		if !ok {
			continue // removed since ReadDir
		}
		name := de.Name()
		j := i
		for j < len(old) && old[j].name < name {
			j++
		}
		evs = ds.removed(dir, old[i:j], evs)
		i = j
		switch {
		case i < len(old) && old[i].name == name:
			if old[i].st != st {
				evs = append(evs, fsnotify.Event{Name: filepath.Join(dir, name), Op: fsnotify.Write})
			}
			name = old[i].name // keep the older string; the listing's is garbage
			i++
		default:
			evs = append(evs, fsnotify.Event{Name: filepath.Join(dir, name), Op: fsnotify.Create})
		}
		next = append(next, entry{name: name, st: st})
	}
	evs = ds.removed(dir, old[i:], evs)
	if len(old) > len(next) {
		clear(old[len(next):]) // drop names no longer listed
	}
	ds.entries, ds.spare = next, old
	return evs
}

// removed appends a Remove event for each of gone, an entry of dir.
func (ds *dirState) removed(dir string, gone []entry, evs []fsnotify.Event) []fsnotify.Event {
	for _, e := range gone {
		evs = append(evs, fsnotify.Event{Name: filepath.Join(dir, e.name), Op: fsnotify.Remove})
	}
	return evs
}

// stampOf returns the stamp of de, or false when it is gone. A
// directory's own time changes with its entries: it is not a change of it,
// and it needs no stat.
func stampOf(de fs.DirEntry) (stamp, bool) {
	if de.IsDir() {
		return stamp{isDir: true}, true
	}
	info, err := de.Info()
	if err != nil {
		return stamp{}, false
	}
	if info.IsDir() {
		return stamp{isDir: true}, true
	}
	return stamp{mod: info.ModTime().UnixNano(), size: info.Size()}, true
}
