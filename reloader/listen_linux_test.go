package reloader

import (
	"encoding/binary"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestParseListening reads copies of /proc/net/tcp and tcp6, taken on a
// little-endian machine, for the listening sockets of a process.
func TestParseListening(t *testing.T) {
	ours := map[uint64]bool{460146: true, 460147: true, 460148: true, 460149: true, 460150: true}
	tests := []struct {
		file string
		want []string
	}{
		// 1146 listens but is another process's; 460149 is ours but
		// connected, after the listening sockets, where reading stops.
		{"net_tcp", []string{"127.0.0.1:8585"}},
		{"net_tcp6", []string{"[::1]:4000", "[::]:1323", "127.0.0.1:8080"}},
	}
	for _, tt := range tests {
		f, err := os.Open(filepath.Join("testdata", "proc", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var got []string
		for _, a := range parseListening(f, ours, binary.LittleEndian) {
			got = append(got, a.String())
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("parseListening(%s) = %q, want %q", tt.file, got, tt.want)
		}
	}
}

func TestStatGroup(t *testing.T) {
	tests := []struct {
		stat string
		want int
	}{
		{"4242 (app) S 4000 4242 4000 34816 4242 4194560 150 0 0 0", 4242},
		{"4243 (my (odd) app) R 4242 4242 4000 0 -1", 4242},
		{"4244 (x) Z", -1},
		{"garbage", -1},
	}
	for _, tt := range tests {
		if got := statGroup([]byte(tt.stat)); got != tt.want {
			t.Errorf("statGroup(%q) = %d, want %d", tt.stat, got, tt.want)
		}
	}
}

// TestGroupListeners reads this process's own listening sockets from
// /proc: it leads no group of its own, but its PID names it.
func TestGroupListeners(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addrs, ok := groupListeners(os.Getpid())
	want := ln.Addr().String()
	if !ok || !slices.ContainsFunc(addrs, func(a netip.AddrPort) bool { return a.String() == want }) {
		t.Errorf("groupListeners(self) = %v, %v; want %s among them", addrs, ok, want)
	}
}
