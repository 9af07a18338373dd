//go:build !unix && !windows

package reloader

import "os"

// lockOwner does nothing: this system has no lock to hold.
func lockOwner(*os.File) error { return nil }

// ownerGone reports false: this system cannot say whether a process
// lives, so no directory is removed.
func ownerGone(string) bool { return false }
