//go:build !linux

package reloader

import "net/netip"

// groupListeners reports that this system cannot say which addresses a
// process group listens on: the app's output is read for them instead.
func groupListeners(pgid int) ([]netip.AddrPort, bool) { return nil, false }
