package reloader

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"io"
	"net/netip"
	"os"
	"strconv"
	"strings"
)

// groupListeners returns the TCP addresses the processes of the group
// pgid listen on, read from /proc: the socket inodes of every process of
// the group (/proc/PID/fd), matched with the sockets in the LISTEN state
// of /proc/net/tcp and tcp6. ok is false when /proc cannot say.
func groupListeners(pgid int) (addrs []netip.AddrPort, ok bool) {
	inodes, ok := groupSockets(pgid)
	if !ok {
		return nil, false
	}
	if len(inodes) == 0 {
		return nil, true
	}
	for _, name := range []string{"tcp", "tcp6"} {
		f, err := os.Open("/proc/" + strconv.Itoa(pgid) + "/net/" + name)
		if err != nil {
			continue // no tcp6 without IPv6
		}
		addrs = append(addrs, parseListening(f, inodes, binary.NativeEndian)...)
		f.Close()
	}
	return addrs, true
}

// groupSockets returns the inodes of the sockets the processes of group
// pgid hold; ok is false when the leader's cannot be read.
func groupSockets(pgid int) (inodes map[uint64]bool, ok bool) {
	inodes = make(map[uint64]bool)
	if !socketsOf(strconv.Itoa(pgid), inodes) {
		return nil, false
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return inodes, true
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == pgid {
			continue
		}
		if stat, err := os.ReadFile("/proc/" + e.Name() + "/stat"); err == nil && statGroup(stat) == pgid {
			socketsOf(e.Name(), inodes)
		}
	}
	return inodes, true
}

// statGroup returns the process group in a /proc/PID/stat, or -1:
// "PID (COMM) STATE PPID PGRP ...", where COMM may hold spaces and ")".
func statGroup(stat []byte) int {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return -1
	}
	f := strings.Fields(string(stat[i+1:]))
	if len(f) < 3 {
		return -1
	}
	g, err := strconv.Atoi(f[2])
	if err != nil {
		return -1
	}
	return g
}

// socketsOf adds the inodes of the sockets process pid holds to inodes
// and reports whether its descriptors could be read.
func socketsOf(pid string, inodes map[uint64]bool) bool {
	dir := "/proc/" + pid + "/fd/"
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		link, err := os.Readlink(dir + e.Name())
		if err != nil {
			continue
		}
		if n, ok := strings.CutPrefix(link, "socket:["); ok {
			if ino, err := strconv.ParseUint(strings.TrimSuffix(n, "]"), 10, 64); err == nil {
				inodes[ino] = true
			}
		}
	}
	return true
}

// tcpListen is the state of a listening socket in /proc/net/tcp.
const tcpListen = "0A"

// parseListening returns the local addresses of the sockets of
// /proc/net/tcp or tcp6 that listen and whose inode is in inodes. The
// kernel lists the listening sockets first: reading stops at the first
// other one, so that the thousands of connections of a busy machine are
// never even printed. It prints each 32-bit word of an address in the
// machine's byte order, given as order.
func parseListening(r io.Reader, inodes map[uint64]bool, order binary.ByteOrder) []netip.AddrPort {
	var addrs []netip.AddrPort
	s := bufio.NewScanner(r)
	s.Scan() // the header
	for s.Scan() {
		// sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
		f := strings.Fields(s.Text())
		if len(f) < 10 || f[3] != tcpListen {
			break
		}
		ino, err := strconv.ParseUint(f[9], 10, 64)
		if err != nil || !inodes[ino] {
			continue
		}
		if a, ok := parseProcAddr(f[1], order); ok {
			addrs = append(addrs, a)
		}
	}
	return addrs
}

// parseProcAddr parses an address of /proc/net/tcp: "0100007F:2183" is
// 127.0.0.1:8579 on a little-endian machine.
func parseProcAddr(s string, order binary.ByteOrder) (netip.AddrPort, bool) {
	ipHex, portHex, ok := strings.Cut(s, ":")
	if !ok {
		return netip.AddrPort{}, false
	}
	port, err := strconv.ParseUint(portHex, 16, 16)
	if err != nil {
		return netip.AddrPort{}, false
	}
	raw, err := hex.DecodeString(ipHex)
	if err != nil || len(raw) != 4 && len(raw) != 16 {
		return netip.AddrPort{}, false
	}
	for i := 0; i < len(raw); i += 4 {
		order.PutUint32(raw[i:], binary.BigEndian.Uint32(raw[i:]))
	}
	ip, _ := netip.AddrFromSlice(raw)
	return netip.AddrPortFrom(ip.Unmap(), uint16(port)), true
}
