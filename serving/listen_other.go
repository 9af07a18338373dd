//go:build !unix && !windows

package serving

// isAddrInUse reports whether err says the address is taken. This platform
// has no error code to tell, so the error is shown as it is.
func isAddrInUse(err error) bool { return false }
