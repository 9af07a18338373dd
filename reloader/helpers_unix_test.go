//go:build unix

package reloader

import (
	"bytes"
	"fmt"
	"os"
	"syscall"
)

// processAlive reports whether a process with this ID exists and is not a
// zombie waiting to be reaped by whoever inherited it.
func processAlive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true // no /proc: trust kill
	}
	// pid (comm) state ...: the state follows the last ')'
	i := bytes.LastIndexByte(stat, ')')
	return i < 0 || i+2 >= len(stat) || stat[i+2] != 'Z'
}
