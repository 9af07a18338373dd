package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"os"
	"strings"
)

// PINEnv sets the console's PIN: "off" for none even with --pin, or a
// fixed value, which --pin then need not be given for.
const PINEnv = "DEVSERVE_DEBUG_PIN"

// consolePIN returns the PIN that guards the console, or "" for none:
// the value of DEVSERVE_DEBUG_PIN, else with --pin one made from this
// machine, this user and the app's module, so that it stays the same
// from run to run.
func consolePIN(pinFlag bool, env, root string) (string, error) {
	switch {
	case env == "off":
		return "", nil
	case env != "":
		if strings.Trim(env, "0123456789- ") != "" {
			return "", fmt.Errorf("%s=%q: want digits, or off", PINEnv, env)
		}
		return env, nil
	case !pinFlag:
		return "", nil
	}
	return machinePIN(root), nil
}

// machinePIN derives nine digits from the machine's id, the user and
// the app's module root.
func machinePIN(root string) string {
	id, _ := os.ReadFile("/etc/machine-id")
	host, _ := os.Hostname()
	h := sha256.Sum256([]byte(fmt.Sprintf("devserve console pin\x00%s\x00%s\x00%d\x00%s", id, host, os.Getuid(), root)))
	return fmt.Sprintf("%09d", binary.BigEndian.Uint64(h[:8])%1_000_000_000)
}
