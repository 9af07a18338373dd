//go:build windows

package serving

import (
	"errors"

	"golang.org/x/sys/windows"
)

// isAddrInUse reports whether err says the address is taken.
func isAddrInUse(err error) bool {
	return errors.Is(err, windows.WSAEADDRINUSE)
}
