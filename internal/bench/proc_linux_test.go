package main

import (
	"os"
	"testing"
)

func TestReadUsage(t *testing.T) {
	before, err := readUsage(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	// Burn some CPU time, more than one clock tick's worth.
	n := 0
	for i := range 200_000_000 {
		n += i % 7
	}
	after, err := readUsage(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if after.cpu <= before.cpu {
		t.Errorf("readUsage: CPU time %v after a busy loop (sum %d), %v before: want more", after.cpu, n, before.cpu)
	}
	if after.rss <= 0 || after.hwm < after.rss {
		t.Errorf("readUsage: RSS %d, peak %d: want a positive RSS no larger than the peak", after.rss, after.hwm)
	}
}

func TestReadUsageNoProcess(t *testing.T) {
	if _, err := readUsage(-1); err == nil {
		t.Error("readUsage(-1) = nil error, want one")
	}
}
