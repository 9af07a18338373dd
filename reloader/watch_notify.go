package reloader

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/fsnotify/fsnotify"
)

// notifyWatcher watches directories with fsnotify: one watch per
// directory, not per file. It is used only from the engine's goroutine.
type notifyWatcher struct {
	w       *fsnotify.Watcher
	want    map[string]bool // directories the engine asked for
	watched map[string]bool // directories with a watch: wanted ones that exist, and parents of missing or unreadable ones
	denied  map[string]bool // directories fsnotify may not read, watched for from their parent until they are readable
}

// newNotifyWatcher starts an fsnotify watcher.
func newNotifyWatcher() (*notifyWatcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("reloader: fsnotify: %w", err)
	}
	return &notifyWatcher{w: w, watched: make(map[string]bool), denied: make(map[string]bool)}, nil
}

func (nw *notifyWatcher) events() <-chan fsnotify.Event { return nw.w.Events }
func (nw *notifyWatcher) errors() <-chan error          { return nw.w.Errors }
func (nw *notifyWatcher) mode() string                  { return "fsnotify" }
func (nw *notifyWatcher) close() error                  { return nw.w.Close() }

// watch adds watches for the wanted directories that exist, and for the
// nearest existing parent of each one that does not, then drops the
// watches no longer needed. A directory it may not read is watched for
// from its parent, and reported once as an *unreadableError; the others
// stay watched. Other errors (the watch limit, a file system fsnotify
// cannot watch) are returned.
func (nw *notifyWatcher) watch(dirs []string) error {
	nw.want = make(map[string]bool, len(dirs))
	need := make(map[string]bool, len(dirs))
	var queue []string
	for _, d := range dirs {
		nw.want[d] = true
		if d = existingDir(d); !need[d] {
			need[d] = true
			queue = append(queue, d)
		}
	}
	denied := make(map[string]bool)
	var errs []error
	for i := 0; i < len(queue); i++ {
		d := queue[i]
		err := nw.add(d)
		if !errors.Is(err, fs.ErrPermission) {
			if err != nil {
				return err
			}
			continue
		}
		denied[d] = true
		if !nw.denied[d] {
			errs = append(errs, &unreadableError{Dir: d, Err: err})
		}
		if p := filepath.Dir(d); !need[p] && p != d {
			need[p] = true
			queue = append(queue, p) // its events say when d changes mode
		}
	}
	nw.denied = denied
	nw.drop(need)
	return errors.Join(errs...)
}

// add watches dir unless it is watched already. A directory removed
// since existingDir looked is not an error: its parent's event re-runs
// watch.
func (nw *notifyWatcher) add(dir string) error {
	if nw.watched[dir] {
		return nil
	}
	err := nw.w.Add(dir)
	switch {
	case err == nil:
		nw.watched[dir] = true
	case errors.Is(err, fs.ErrPermission):
		return err
	case !os.IsNotExist(err):
		return nw.wrap(dir, err)
	}
	return nil
}

// drop removes the watches of directories not in need.
func (nw *notifyWatcher) drop(need map[string]bool) {
	for d := range nw.watched {
		if !need[d] {
			nw.w.Remove(d) // fails only if the directory is gone, which removed the watch too
			delete(nw.watched, d)
		}
	}
}

// wrap describes the failure to watch dir, with the remedy when known.
func (nw *notifyWatcher) wrap(dir string, err error) error {
	return fmt.Errorf("reloader: fsnotify: watch %s: %w%s", dir, err, watchLimitHint(err))
}

// affects reports whether an event may have created or removed a wanted
// directory, so that watch must run again. A watched directory that was
// removed or renamed loses its watch (a renamed one would otherwise be
// followed to its new name), and so does one made unreadable.
func (nw *notifyWatcher) affects(ev fsnotify.Event) bool {
	if ev.Has(fsnotify.Chmod) && nw.readChanged(ev.Name) {
		return true
	}
	if !ev.Has(fsnotify.Create) && !ev.Has(fsnotify.Remove) && !ev.Has(fsnotify.Rename) {
		return false
	}
	if nw.watched[ev.Name] && !ev.Has(fsnotify.Create) {
		nw.w.Remove(ev.Name) // already gone with a removed directory
		delete(nw.watched, ev.Name)
	}
	for d := range nw.want {
		if within(d, ev.Name) {
			return true
		}
	}
	return false
}

// readChanged reports whether a change of mode of name may have made an
// unreadable directory readable, or a watched one unreadable; the watch
// of the latter is dropped, so that watch finds it unreadable.
func (nw *notifyWatcher) readChanged(name string) bool {
	if nw.denied[name] {
		return true
	}
	if !nw.watched[name] || !nw.want[name] || readable(name) {
		return false
	}
	nw.w.Remove(name)
	delete(nw.watched, name)
	return true
}

// readable reports whether dir can be opened, as a watch needs. Only a
// permission error says no: a directory that vanished is seen as such.
func readable(dir string) bool {
	f, err := os.Open(dir)
	if err != nil {
		return !errors.Is(err, fs.ErrPermission)
	}
	f.Close()
	return true
}

// An unreadableError reports a directory the watcher may not read: its
// changes go unseen until it is readable again, the rest stays watched.
type unreadableError struct {
	Dir string
	Err error
}

// Error names the directory and the error, and says what to do.
func (e *unreadableError) Error() string {
	return fmt.Sprintf("reloader: cannot watch %s: %v: its changes are not seen until it is readable again (chmod u+rx %s); the rest is still watched", e.Dir, e.Err, e.Dir)
}

// Unwrap returns the error of the watch.
func (e *unreadableError) Unwrap() error { return e.Err }

// existingDir returns dir if it exists, or its nearest existing parent.
func existingDir(dir string) string {
	for {
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return dir
		}
		dir = parent
	}
}
