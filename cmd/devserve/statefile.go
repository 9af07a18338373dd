package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// runState is what a devserve run tells the other devserve commands of
// its module (devserve mcp) through its state file: where it serves and
// the token that lets them change something.
type runState struct {
	Root        string `json:"root"`
	URL         string `json:"url"`
	Token       string `json:"token"`
	PID         int    `json:"pid"`
	Fingerprint string `json:"fingerprint,omitempty"` // SHA-256 of --tls adhoc's certificate
}

// statePath returns the state file of the module at root: in the user's
// cache directory, named by a hash of root.
func statePath(root string) (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(filepath.Clean(root)))
	return filepath.Join(dir, "devserve", hex.EncodeToString(sum[:8])+".json"), nil
}

// writeState writes st as the state file of its module, readable by this
// user only, and returns the function that removes it, if it is still
// st's: a later run of the same module may have replaced it.
func writeState(st runState) (remove func(), err error) {
	path, err := statePath(st.Root)
	if err != nil {
		return nil, err
	}
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	tmp := fmt.Sprintf("%s.%d", path, os.Getpid())
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return nil, err
	}
	return func() {
		if cur, err := readState(st.Root); err == nil && cur.Token == st.Token {
			os.Remove(path)
		}
	}, nil
}

// errNoRun is returned by readState when no devserve run serves the
// module.
var errNoRun = errors.New("no devserve run")

// readState reads the state file of the module at root.
func readState(root string) (runState, error) {
	var st runState
	path, err := statePath(root)
	if err != nil {
		return st, err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return st, errNoRun
	}
	if err != nil {
		return st, err
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return st, fmt.Errorf("%s: %w", path, err)
	}
	return st, nil
}

// announce writes st as the state file of its module, for devserve mcp,
// and returns the function that removes it. A state file that cannot be
// written is only a note: devserve run works without it.
func announce(term *terminal, st runState) (remove func()) {
	remove, err := writeState(st)
	if err != nil {
		term.verbosef("devserve mcp will not find this run: %v", err)
		return func() {}
	}
	return remove
}
