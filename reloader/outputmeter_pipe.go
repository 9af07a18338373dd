//go:build linux || darwin

package reloader

import (
	"io"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// pipeHolds returns how many bytes pipe f holds unread.
func pipeHolds(f *os.File) (int, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return 0, err
	}
	var n int
	var ioErr error
	if err := rc.Control(func(fd uintptr) { n, ioErr = unix.IoctlGetInt(int(fd), fionread) }); err != nil {
		return 0, err
	}
	return n, ioErr
}

// read reads from f, one of the pipes watched, into buf. A read that
// returns bytes counts as busy until done: the bytes leave the pipe and
// become busy at once, under the meter's lock. f is in non-blocking mode
// (os.Pipe makes it so) and the runtime's poller waits for it: the read
// itself never blocks.
func (m *outputMeter) read(f *os.File, buf []byte) (int, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return 0, err
	}
	var n int
	var readErr error
	err = rc.Read(func(fd uintptr) bool {
		m.mu.Lock()
		n, readErr = syscall.Read(int(fd), buf)
		if n > 0 {
			m.busy++
		}
		m.mu.Unlock()
		return readErr != syscall.EAGAIN && readErr != syscall.EINTR
	})
	switch {
	case err != nil:
		return 0, err
	case readErr != nil:
		return 0, readErr
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}
