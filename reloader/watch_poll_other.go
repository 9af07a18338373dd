//go:build !unix

package reloader

import (
	"io/fs"
	"os"
	"path/filepath"
)

// dirHandle is a watched directory, named by its path.
type dirHandle struct {
	dir string
}

// openDir returns a handle on dir. It does not fail: listing dir tells
// whether it is there.
func openDir(dir string) (dirHandle, error) { return dirHandle{dir}, nil }

// close does nothing.
func (h dirHandle) close() {}

// stamp returns false: the directory's own time is not trusted to tell
// that its entries changed, so every pass lists it.
func (h dirHandle) stamp() (dirStamp, bool) { return dirStamp{}, false }

// stat returns the stamp of the entry name of the directory, without
// following a symbolic link.
func (h dirHandle) stat(name string) (stamp, error) {
	info, err := os.Lstat(filepath.Join(h.dir, name))
	if err != nil {
		return stamp{}, err
	}
	return stampOfInfo(info), nil
}

// stampOf returns the stamp of de, an entry of the directory, or false
// when it is gone. A directory needs no stat; the listing holds the
// others' sizes and times.
func (h dirHandle) stampOf(de fs.DirEntry) (stamp, bool) {
	if de.IsDir() {
		return stamp{isDir: true}, true
	}
	info, err := de.Info()
	if err != nil {
		return stamp{}, false
	}
	return stampOfInfo(info), true
}

// stampOfInfo returns the stamp of a file described by info.
func stampOfInfo(info fs.FileInfo) stamp {
	if info.IsDir() {
		return stamp{isDir: true}
	}
	return stamp{mod: info.ModTime().UnixNano(), size: info.Size()}
}
