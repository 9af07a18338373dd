//go:build unix

package proxy

import "syscall"

// resume lets process pid run again, should it have been left stopped.
func resume(pid int) { syscall.Kill(pid, syscall.SIGCONT) }
