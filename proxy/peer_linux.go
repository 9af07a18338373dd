package proxy

import (
	"net"
	"syscall"
)

// unixPeer returns the process at the other end of c.
func unixPeer(c *net.UnixConn) (int, bool) {
	raw, err := c.SyscallConn()
	if err != nil {
		return 0, false
	}
	var cred *syscall.Ucred
	var credErr error
	err = raw.Control(func(fd uintptr) {
		cred, credErr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	})
	if err != nil || credErr != nil {
		return 0, false
	}
	return int(cred.Pid), true
}

// inGroup reports whether process pid is in the process group led by
// leader.
func inGroup(pid, leader int) bool {
	pgid, err := syscall.Getpgid(pid)
	return err == nil && pgid == leader
}
