//go:build unix && !linux

package reloader

import "syscall"

// setParentDeathSignal does nothing: only Linux has a parent-death signal.
// Elsewhere the supervisor kills the group on every exit it can handle.
func setParentDeathSignal(*syscall.SysProcAttr) {}
