package reloader

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// lockOwner locks the owner file f for as long as the process holds it
// open: Windows releases the lock when the process ends, however it ends.
func lockOwner(f *os.File) error {
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY,
		0, 1, 0, new(windows.Overlapped))
}

// ownerGone reports whether the process that made dir has ended: its
// owner file can be locked. Process IDs are reused too soon on Windows to
// say.
func ownerGone(dir string) bool {
	f, err := os.OpenFile(filepath.Join(dir, ownerFile), os.O_RDWR, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	return lockOwner(f) == nil
}
