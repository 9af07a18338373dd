//go:build !linux

package debugpage

// allowTracer does nothing: there is no Yama here.
func allowTracer(pid int) {}
