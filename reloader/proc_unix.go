//go:build unix

package reloader

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

// exeSuffix ends the name of an executable.
const exeSuffix = ""

// defaultSignal is the signal that asks the app to stop.
func defaultSignal() os.Signal { return syscall.SIGTERM }

// procGroup is a process and every process it starts: on Unix, a process
// group led by the process, whose ID is the leader's PID. It holds no
// state; its methods take the leader.
type procGroup struct{}

// prepare makes cmd start in a new process group; on Linux the process is
// also killed when the thread that started it dies (the parent-death
// signal), so that even a killed supervisor leaves no app behind.
func (g *procGroup) prepare(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	setParentDeathSignal(cmd.SysProcAttr)
}

// attach does nothing: the group exists from the start.
func (g *procGroup) attach(p *os.Process) error { return nil }

// signal sends sig to every process of the group led by p.
func (g *procGroup) signal(p *os.Process, sig os.Signal) error {
	s, ok := sig.(syscall.Signal)
	if !ok {
		return fmt.Errorf("reloader: cannot send %v to a process group", sig)
	}
	return signalGroup(p, s)
}

// kill kills every process of the group led by p.
func (g *procGroup) kill(p *os.Process) error { return signalGroup(p, syscall.SIGKILL) }

// signalGroup sends sig to the group led by p. It refuses a PID that
// would make kill(2) signal other processes (0: the caller's own group).
func signalGroup(p *os.Process, sig syscall.Signal) error {
	if p == nil || p.Pid <= 1 {
		return errors.New("reloader: no process group to signal")
	}
	return ignoreGone(syscall.Kill(-p.Pid, sig))
}

// release frees what the group holds; on Unix, nothing.
func (g *procGroup) release() {}

// ignoreGone drops the error of signalling a group that has no process
// left.
func ignoreGone(err error) error {
	if errors.Is(err, syscall.ESRCH) {
		return nil
	}
	return err
}
