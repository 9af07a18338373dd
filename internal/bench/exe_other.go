//go:build !windows

package main

// exeSuffix ends the names of executables.
const exeSuffix = ""
