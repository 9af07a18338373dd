package debugpage

import "syscall"

// prSetPtracer is prctl's PR_SET_PTRACER.
const prSetPtracer = 0x59616d61

// allowTracer lets process pid trace this one where Yama's ptrace_scope
// is 1, which lets only a process's ancestors trace it otherwise: the
// inspector helper of package serving's reloader is the app's sibling.
func allowTracer(pid int) {
	syscall.Syscall6(syscall.SYS_PRCTL, prSetPtracer, uintptr(pid), 0, 0, 0, 0)
}
