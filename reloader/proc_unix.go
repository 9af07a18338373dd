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
// group led by the process.
type procGroup struct {
	pid int // the leader, which is also the group's ID
}

// prepare makes cmd start in a new process group; on Linux the process is
// also killed when the thread that started it dies (the parent-death
// signal), so that even a killed supervisor leaves no app behind.
func (g *procGroup) prepare(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	setParentDeathSignal(cmd.SysProcAttr)
}

// attach records the started leader.
func (g *procGroup) attach(p *os.Process) error {
	g.pid = p.Pid
	return nil
}

// signal sends sig to every process of the group.
func (g *procGroup) signal(sig os.Signal) error {
	s, ok := sig.(syscall.Signal)
	if !ok {
		return fmt.Errorf("reloader: cannot send %v to a process group", sig)
	}
	return ignoreGone(syscall.Kill(-g.pid, s))
}

// kill kills every process of the group.
func (g *procGroup) kill() error { return ignoreGone(syscall.Kill(-g.pid, syscall.SIGKILL)) }

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
