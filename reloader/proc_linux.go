package reloader

import "syscall"

// setParentDeathSignal has the kernel kill the process when its parent
// dies, even by SIGKILL. The signal is tied to the OS thread that started
// the process; Go keeps its threads alive unless a goroutine exits while
// locked to one, as a tracer's do: the app is started from a thread
// locked until it is reaped (startPinned).
func setParentDeathSignal(attr *syscall.SysProcAttr) { attr.Pdeathsig = syscall.SIGKILL }
