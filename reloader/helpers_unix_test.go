//go:build unix

package reloader

import "syscall"

// processAlive reports whether a process with this ID exists (and is not
// a zombie waiting to be reaped by someone else).
func processAlive(pid int) bool {
	return syscall.Kill(pid, 0) == nil
}
