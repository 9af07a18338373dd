package reloader

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/fsnotify/fsnotify"
)

// notifyWatcher watches directories with fsnotify: one watch per
// directory, not per file. It is used only from the engine's goroutine.
type notifyWatcher struct {
	w       *fsnotify.Watcher
	want    map[string]bool // directories the engine asked for
	watched map[string]bool // directories with a watch: wanted ones that exist, and parents of missing ones
}

// newNotifyWatcher starts an fsnotify watcher.
func newNotifyWatcher() (*notifyWatcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("reloader: fsnotify: %w", err)
	}
	return &notifyWatcher{w: w, watched: make(map[string]bool)}, nil
}

func (nw *notifyWatcher) events() <-chan fsnotify.Event { return nw.w.Events }
func (nw *notifyWatcher) errors() <-chan error          { return nw.w.Errors }
func (nw *notifyWatcher) mode() string                  { return "fsnotify" }
func (nw *notifyWatcher) close() error                  { return nw.w.Close() }

// watch adds watches for the wanted directories that exist, and for the
// nearest existing parent of each one that does not, then drops the
// watches no longer needed. Errors other than a directory vanishing
// meanwhile (the watch limit, a file system fsnotify cannot watch) are
// returned.
func (nw *notifyWatcher) watch(dirs []string) error {
	nw.want = make(map[string]bool, len(dirs))
	need := make(map[string]bool, len(dirs))
	for _, d := range dirs {
		nw.want[d] = true
		need[existingDir(d)] = true
	}
	for d := range need {
		if nw.watched[d] {
			continue
		}
		if err := nw.w.Add(d); err != nil {
			if os.IsNotExist(err) {
				continue // removed since existingDir looked; its parent's event re-runs watch
			}
			return nw.wrap(d, err)
		}
		nw.watched[d] = true
	}
	for d := range nw.watched {
		if !need[d] {
			nw.w.Remove(d) // fails only if the directory is gone, which removed the watch too
			delete(nw.watched, d)
		}
	}
	return nil
}

// wrap describes the failure to watch dir, with the remedy when known.
func (nw *notifyWatcher) wrap(dir string, err error) error {
	return fmt.Errorf("reloader: fsnotify: watch %s: %w%s", dir, err, watchLimitHint(err))
}

// affects reports whether an event may have created or removed a wanted
// directory, so that watch must run again. A watched directory that was
// removed or renamed loses its watch (a renamed one would otherwise be
// followed to its new name).
func (nw *notifyWatcher) affects(ev fsnotify.Event) bool {
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
