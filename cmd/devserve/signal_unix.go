//go:build unix

package main

import (
	"fmt"
	"os"
	"strings"
	"syscall"
)

// parseSignal returns the signal called name: "TERM", "SIGTERM" or
// "term" alike.
func parseSignal(name string) (os.Signal, error) {
	switch strings.TrimPrefix(strings.ToUpper(name), "SIG") {
	case "INT":
		return syscall.SIGINT, nil
	case "TERM":
		return syscall.SIGTERM, nil
	case "HUP":
		return syscall.SIGHUP, nil
	case "QUIT":
		return syscall.SIGQUIT, nil
	case "KILL":
		return syscall.SIGKILL, nil
	case "USR1":
		return syscall.SIGUSR1, nil
	case "USR2":
		return syscall.SIGUSR2, nil
	}
	return nil, fmt.Errorf("unknown signal %q (want INT, TERM, HUP, QUIT, KILL, USR1 or USR2)", name)
}
