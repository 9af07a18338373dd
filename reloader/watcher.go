package reloader

import (
	"github.com/fsnotify/fsnotify"
)

// A watcher reports changes in a set of directories: files created,
// written, removed or renamed in them, and the directories themselves
// going away. Events use fsnotify's type whichever backend produced them.
type watcher interface {
	// watch makes dirs the set of watched directories. A directory that
	// does not exist is watched for from its nearest existing parent and
	// picked up when it appears.
	watch(dirs []string) error
	// events delivers changes; errors delivers failures worth reporting.
	events() <-chan fsnotify.Event
	errors() <-chan error
	// affects reports whether ev may have created or removed a watched
	// directory, so that watch must run again.
	affects(ev fsnotify.Event) bool
	// mode names the backend: "fsnotify" or "poll".
	mode() string
	// close stops watching; it returns once the backend's goroutines have
	// exited.
	close() error
}
