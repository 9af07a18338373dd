package main

import (
	"fmt"
	"os"
	"strings"
)

// parseSignal returns the signal called name. Windows can only kill
// another process, so KILL is all there is; TERM, the default, means it
// too.
func parseSignal(name string) (os.Signal, error) {
	switch strings.TrimPrefix(strings.ToUpper(name), "SIG") {
	case "KILL", "TERM":
		return os.Kill, nil
	}
	return nil, fmt.Errorf("unknown signal %q (Windows can only KILL another process)", name)
}
