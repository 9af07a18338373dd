//go:build !linux

package reloader

import (
	"os/exec"
	"sync"
)

// waitExit waits for cmd's process to exit and reaps it, holding reap,
// if set, throughout.
func waitExit(cmd *exec.Cmd, reap sync.Locker) error {
	if reap != nil {
		reap.Lock()
		defer reap.Unlock()
	}
	return cmd.Wait()
}

// startPinned starts cmd: no thread's death kills a child here.
func startPinned(cmd *exec.Cmd, done <-chan struct{}) error { return cmd.Start() }
