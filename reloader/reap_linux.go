package reloader

import (
	"errors"
	"os/exec"
	"runtime"
	"sync"

	"golang.org/x/sys/unix"
)

// waitExit waits for cmd's process to exit, then reaps it holding reap,
// if set. It learns of the exit from a pidfd, which turns readable when
// the process exits and, unlike a wait, takes no notification meant for
// a tracer (an inspector that holds reap for its sessions).
func waitExit(cmd *exec.Cmd, reap sync.Locker) error {
	if reap == nil {
		return cmd.Wait()
	}
	if fd, err := unix.PidfdOpen(cmd.Process.Pid, 0); err == nil {
		awaitReadable(fd)
		unix.Close(fd)
	}
	// Without a pidfd (Linux before 5.3), the wait holds reap
	// throughout, and an inspector waits in vain for its turn.
	reap.Lock()
	defer reap.Unlock()
	return cmd.Wait()
}

// awaitReadable waits until fd is readable, or polling it fails.
func awaitReadable(fd int) {
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	for {
		_, err := unix.Poll(fds, -1)
		if !errors.Is(err, unix.EINTR) {
			return
		}
	}
}

// startPinned starts cmd from a goroutine locked to its OS thread until
// done is closed. The parent-death signal is tied to the thread that
// forked the process, not to this process; a goroutine that locks a
// thread and exits locked (as the tracer does when it detaches) takes
// its thread down with it, which would kill the app were it the thread
// that started it.
func startPinned(cmd *exec.Cmd, done <-chan struct{}) error {
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		err := cmd.Start()
		started <- err
		if err == nil {
			<-done
		}
	}()
	return <-started
}
