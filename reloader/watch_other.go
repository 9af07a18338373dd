//go:build !linux

package reloader

import (
	"errors"
	"syscall"
)

// watchLimitHint explains a watch error that has a known remedy.
func watchLimitHint(err error) string {
	if errors.Is(err, syscall.EMFILE) {
		return " (the open file limit is reached: raise it with ulimit -n)"
	}
	return ""
}
