//go:build !linux

package main

import (
	"errors"
	"time"
)

// procUsage is what the kernel says about a process.
type procUsage struct {
	cpu      time.Duration // user and system time of all its threads
	rss, hwm int64         // resident set size now, and its peak, in bytes
}

// readUsage fails: the watch-scale benchmark reads /proc, which only
// Linux has.
func readUsage(pid int) (procUsage, error) {
	return procUsage{}, errors.New("reading a process's CPU time and memory needs Linux's /proc")
}

// cpuModel returns "": only Linux's /proc/cpuinfo is read.
func cpuModel() string { return "" }
