//go:build !unix

package main

import (
	"fmt"
	"os"
	"strings"
)

// parseSignal returns the signal called name. Outside unix (Windows
// among them) a process can only kill another, so KILL is all there is;
// TERM, the default, means it too.
func parseSignal(name string) (os.Signal, error) {
	switch strings.TrimPrefix(strings.ToUpper(name), "SIG") {
	case "KILL", "TERM":
		return os.Kill, nil
	}
	return nil, fmt.Errorf("unknown signal %q (only KILL can be sent on this system)", name)
}
