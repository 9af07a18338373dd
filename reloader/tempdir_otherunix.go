//go:build unix && !linux

package reloader

import (
	"errors"
	"os"
	"syscall"
)

// ownerGone reports whether the process that made dir has ended: signal
// 0 finds no such process.
func ownerGone(dir string) bool {
	pid, ok := ownerPID(dir)
	if !ok {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return errors.Is(err, os.ErrProcessDone) || errors.Is(err, syscall.ESRCH)
}
