package reloader

import (
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// exeSuffix ends the name of an executable.
const exeSuffix = ".exe"

// defaultSignal is the signal that asks the app to stop. Windows has no
// termination signal a console-less child can catch, so it is os.Kill.
func defaultSignal() os.Signal { return os.Kill }

// procGroup is a process and every process it starts: on Windows, a job
// object that kills its processes when its last handle closes, so that
// they die with the supervisor whichever way it ends. A process the app
// starts in the instant between its start and its assignment to the job
// is not in the job.
type procGroup struct {
	mu  sync.Mutex     // guards job: a stop can come while attach runs
	job windows.Handle // 0 until attached, or if the process could not be put in a job
}

// prepare gives the process its own console process group, so that
// os.Interrupt (a CTRL_BREAK_EVENT) reaches it and only it.
func (g *procGroup) prepare(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: windows.CREATE_NEW_PROCESS_GROUP}
}

// attach creates the job object and assigns the started process to it.
func (g *procGroup) attach(p *os.Process) error {
	pid := uint32(p.Pid)
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return fmt.Errorf("reloader: create job object: %w", err)
	}
	info := windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION{
		BasicLimitInformation: windows.JOBOBJECT_BASIC_LIMIT_INFORMATION{
			LimitFlags: windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
		},
	}
	_, err = windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)))
	if err != nil {
		windows.CloseHandle(job)
		return fmt.Errorf("reloader: set up job object: %w", err)
	}
	h, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, pid)
	if err != nil {
		windows.CloseHandle(job)
		return fmt.Errorf("reloader: open process %d: %w", pid, err)
	}
	defer windows.CloseHandle(h)
	if err := windows.AssignProcessToJobObject(job, h); err != nil {
		windows.CloseHandle(job)
		return fmt.Errorf("reloader: assign process %d to job object: %w", pid, err)
	}
	g.mu.Lock()
	g.job = job
	g.mu.Unlock()
	return nil
}

// signal sends os.Interrupt as a CTRL_BREAK_EVENT to the process's
// console group; any other signal kills the job.
func (g *procGroup) signal(p *os.Process, sig os.Signal) error {
	if sig == os.Interrupt {
		return windows.GenerateConsoleCtrlEvent(windows.CTRL_BREAK_EVENT, uint32(p.Pid))
	}
	return g.kill(p)
}

// kill terminates every process of the job, or the process alone when
// it has no job.
func (g *procGroup) kill(p *os.Process) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.job == 0 {
		return p.Kill()
	}
	return windows.TerminateJobObject(g.job, 1)
}

// release closes the job object, which kills whatever is left in it.
func (g *procGroup) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.job != 0 {
		windows.CloseHandle(g.job)
		g.job = 0
	}
}
