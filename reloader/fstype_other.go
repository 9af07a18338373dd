//go:build !linux && !darwin

package reloader

// eventless reports "": this system's file system types are not told
// apart here. --poll watches a network share by polling.
func eventless(string) string { return "" }
