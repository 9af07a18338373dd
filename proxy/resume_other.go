//go:build !unix

package proxy

// resume does nothing: no session stops a process here.
func resume(pid int) {}
