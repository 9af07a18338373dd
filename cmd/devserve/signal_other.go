//go:build !unix && !windows

package main

import (
	"fmt"
	"os"
	"strings"
)

// parseSignal returns the signal called name: only KILL (and TERM, the
// default, which means it) can be sent on this system.
func parseSignal(name string) (os.Signal, error) {
	switch strings.TrimPrefix(strings.ToUpper(name), "SIG") {
	case "KILL", "TERM":
		return os.Kill, nil
	}
	return nil, fmt.Errorf("unknown signal %q (only KILL can be sent here)", name)
}
