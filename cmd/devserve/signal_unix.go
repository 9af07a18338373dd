//go:build unix

package main

import (
	"fmt"
	"os"
	"strings"
	"syscall"
)

// signals are the signals --signal accepts, by name without "SIG".
var signals = map[string]os.Signal{
	"INT":  syscall.SIGINT,
	"TERM": syscall.SIGTERM,
	"HUP":  syscall.SIGHUP,
	"QUIT": syscall.SIGQUIT,
	"KILL": syscall.SIGKILL,
	"USR1": syscall.SIGUSR1,
	"USR2": syscall.SIGUSR2,
}

// parseSignal returns the signal called name: "TERM", "SIGTERM" or
// "term" alike.
func parseSignal(name string) (os.Signal, error) {
	key := strings.TrimPrefix(strings.ToUpper(name), "SIG")
	if sig, ok := signals[key]; ok {
		return sig, nil
	}
	return nil, fmt.Errorf("unknown signal %q (want INT, TERM, HUP, QUIT, KILL, USR1 or USR2)", name)
}
