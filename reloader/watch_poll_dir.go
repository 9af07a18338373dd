package reloader

import (
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// settleTime is how much older than the pass that listed a directory
// the directory's modification time must be for the next pass to trust
// it. Time stamps are coarse (a clock tick on Linux, two seconds on FAT):
// an entry added just after a listing, within the same tick, leaves the
// directory's time as the listing saw it. Such a recent directory is
// listed again until its time is older than this, as Git treats "racily
// clean" index entries. The times are compared with this machine's
// clock: a file server whose clock lags by more than this makes recent
// directories look settled, which loses a change only if its times are
// also coarse.
const settleTime = 2 * time.Second

// dirState is what polling last saw of one directory.
type dirState struct {
	present bool     // the directory could be listed
	settled bool     // self was old enough when listed to be trusted: see settleTime
	self    dirStamp // the directory's own stamp when last listed
	entries []entry  // its files and directories, sorted by name
}

// entry is one name in a directory, with its stamp.
type entry struct {
	name string
	st   stamp
}

// stamp is what polling compares to tell that a file changed. A
// directory's stamp is only isDir: its time changes with its entries,
// which is not a change of it, and it needs no stat.
//
// The change time is left out: it moves with a change of mode or owner
// too, which is no change of content and, as with fsnotify, no reason to
// rebuild.
type stamp struct {
	mod   int64  // modification time in nanoseconds since the epoch
	size  int64  // size in bytes
	ino   uint64 // inode number, where the system has it: a file renamed over another has a new one
	isDir bool
}

// dirStamp is what polling compares to tell that a directory's list of
// entries may have changed.
type dirStamp struct {
	mod, chg int64
	ino      uint64
}

// rescan appends to evs what changed in dir since the last pass, and
// records what it saw; start is when the pass started. A directory that
// cannot be opened is missing: its files read as removed, and as created
// when it is back.
func (ds *dirState) rescan(dir string, start time.Time, evs []fsnotify.Event) []fsnotify.Event {
	h, err := openDir(dir)
	if err != nil {
		return ds.missing(dir, evs)
	}
	defer h.close()
	self, trusted := h.stamp()
	if ds.present && ds.settled && trusted && self == ds.self {
		var ok bool
		if evs, ok = ds.restat(h, dir, evs); ok {
			return evs
		}
	}
	list, err := os.ReadDir(dir)
	if err != nil {
		return ds.missing(dir, evs)
	}
	if !ds.present {
		evs = append(evs, fsnotify.Event{Name: dir, Op: fsnotify.Create})
		ds.present = true
	}
	ds.self = self
	ds.settled = trusted && self.mod < start.Add(-settleTime).UnixNano()
	return ds.merge(h, dir, list, evs)
}

// missing records that dir cannot be listed, appending Remove events for
// it and its entries if it could be before.
func (ds *dirState) missing(dir string, evs []fsnotify.Event) []fsnotify.Event {
	if ds.present {
		evs = append(evs, fsnotify.Event{Name: dir, Op: fsnotify.Remove})
		evs = ds.removed(dir, ds.entries, evs)
	}
	ds.present, ds.settled = false, false
	clear(ds.entries)
	ds.entries = ds.entries[:0]
	return evs
}

// restat stats again each file of dir last listed, appending a Write
// event for each whose stamp changed. It reports false when the list of
// entries turns out to have changed after all (a file is gone, or is now
// a directory): dir must then be listed. Events appended before that are
// kept, with the new stamps, so listing does not report them twice.
func (ds *dirState) restat(h dirHandle, dir string, evs []fsnotify.Event) ([]fsnotify.Event, bool) {
	for i := range ds.entries {
		e := &ds.entries[i]
		if e.st.isDir {
			continue
		}
		st, err := h.stat(e.name)
		if err != nil || st.isDir {
			return evs, false
		}
		if st != e.st {
			evs = append(evs, fsnotify.Event{Name: filepath.Join(dir, e.name), Op: fsnotify.Write})
			e.st = st
		}
	}
	return evs, true
}

// merge compares list, sorted by name as os.ReadDir sorts it, with the
// entries last seen, appends the differences to evs and keeps list's
// stamps as the entries. A full path is built only for a change. An
// entry that cannot be stat-ed is left out, and dir is listed again by
// the next pass.
func (ds *dirState) merge(h dirHandle, dir string, list []fs.DirEntry, evs []fsnotify.Event) []fsnotify.Event {
	old, next := ds.entries, make([]entry, 0, len(list))
	i := 0
	for _, de := range list {
		st, ok := h.stampOf(de)
		if !ok {
			ds.settled = false // removed since ReadDir, or not stat-able for now: look again next time
			continue
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
	ds.entries = next
	return evs
}

// removed appends a Remove event for each of gone, an entry of dir.
func (ds *dirState) removed(dir string, gone []entry, evs []fsnotify.Event) []fsnotify.Event {
	for _, e := range gone {
		evs = append(evs, fsnotify.Event{Name: filepath.Join(dir, e.name), Op: fsnotify.Remove})
	}
	return evs
}
