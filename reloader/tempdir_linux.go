package reloader

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
)

// ownerGone reports whether the process that made dir has ended: its
// /proc entry is gone.
func ownerGone(dir string) bool {
	pid, ok := ownerPID(dir)
	if !ok {
		return false
	}
	_, err := os.Stat("/proc/" + strconv.Itoa(pid))
	return errors.Is(err, fs.ErrNotExist)
}
