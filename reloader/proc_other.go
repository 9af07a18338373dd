//go:build !unix && !windows

package reloader

import (
	"os"
	"os/exec"
)

// exeSuffix ends the name of an executable.
const exeSuffix = ""

// defaultSignal is the signal that asks the app to stop.
func defaultSignal() os.Signal { return os.Kill }

// procGroup is a process and every process it starts. This system has no
// process groups: only the process itself is signalled and killed.
type procGroup struct{}

// prepare does nothing: there is no group to create.
func (g *procGroup) prepare(cmd *exec.Cmd) {}

// attach does nothing: there is no group.
func (g *procGroup) attach(p *os.Process) error { return nil }

// signal sends sig to the process.
func (g *procGroup) signal(p *os.Process, sig os.Signal) error { return p.Signal(sig) }

// kill kills the process.
func (g *procGroup) kill(p *os.Process) error { return p.Kill() }

// release frees what the group holds; here, nothing.
func (g *procGroup) release() {}
