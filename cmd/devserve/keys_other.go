//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package main

import (
	"errors"
	"os"
)

// singleKeys reports that keys are not read on this system: its terminal
// passes input a line at a time.
func singleKeys(*os.File) (func(), error) {
	return nil, errors.New("keys are not read on this system")
}
