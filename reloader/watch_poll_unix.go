//go:build unix

package reloader

import (
	"io/fs"

	"golang.org/x/sys/unix"
)

// dirHandle is an open watched directory: its files are stat-ed relative
// to it, which spares the kernel walking each file's full path and the
// poller building it.
type dirHandle struct {
	fd int
}

// openDir opens dir for stat-ing its files.
func openDir(dir string) (dirHandle, error) {
	for {
		fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != unix.EINTR {
			return dirHandle{fd}, err
		}
	}
}

// close closes the directory.
func (h dirHandle) close() { unix.Close(h.fd) }

// stamp returns the directory's own stamp, and true: on unix systems a
// directory's modification and change times move whenever an entry is
// created, removed or renamed in it.
func (h dirHandle) stamp() (dirStamp, bool) {
	var st unix.Stat_t
	if err := unix.Fstat(h.fd, &st); err != nil {
		return dirStamp{}, false
	}
	return dirStamp{mod: st.Mtim.Nano(), chg: st.Ctim.Nano(), ino: uint64(st.Ino)}, true
}

// stat returns the stamp of the entry name of the directory, without
// following a symbolic link.
func (h dirHandle) stat(name string) (stamp, error) {
	var st unix.Stat_t
	for {
		err := unix.Fstatat(h.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW)
		if err == nil {
			break
		}
		if err != unix.EINTR {
			return stamp{}, err
		}
	}
	if uint32(st.Mode)&unix.S_IFMT == unix.S_IFDIR {
		return stamp{isDir: true}, nil
	}
	return stamp{mod: st.Mtim.Nano(), size: st.Size, ino: uint64(st.Ino)}, nil
}

// stampOf returns the stamp of de, an entry of the directory, or false
// when it is gone. A directory needs no stat.
func (h dirHandle) stampOf(de fs.DirEntry) (stamp, bool) {
	if de.IsDir() {
		return stamp{isDir: true}, true
	}
	st, err := h.stat(de.Name())
	return st, err == nil
}
