package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTick is the unit of the CPU times in /proc/PID/stat: USER_HZ,
// 100 on every Linux architecture Go runs on.
const clockTick = 10 * time.Millisecond

// procUsage is what the kernel says about a process.
type procUsage struct {
	cpu      time.Duration // user and system time of all its threads
	rss, hwm int64         // resident set size now, and its peak, in bytes
}

// readUsage reads /proc/PID/stat and /proc/PID/status.
func readUsage(pid int) (procUsage, error) {
	var u procUsage
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return u, err
	}
	// The command name, in parentheses, may hold spaces: fields are
	// counted from after its closing parenthesis, where field 3 starts.
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return u, fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	fields := strings.Fields(string(stat[i+1:]))
	if len(fields) < 13 {
		return u, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(fields)+2)
	}
	for _, f := range fields[11:13] { // utime and stime: fields 14 and 15
		ticks, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return u, fmt.Errorf("/proc/%d/stat: %w", pid, err)
		}
		u.cpu += time.Duration(ticks) * clockTick
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return u, err
	}
	for sc := bufio.NewScanner(bytes.NewReader(status)); sc.Scan(); {
		name, value, _ := strings.Cut(sc.Text(), ":")
		switch name {
		case "VmRSS":
			u.rss, err = kilobytes(value)
		case "VmHWM":
			u.hwm, err = kilobytes(value)
		}
		if err != nil {
			return u, fmt.Errorf("/proc/%d/status: %s: %w", pid, name, err)
		}
	}
	return u, nil
}

// kilobytes parses a size of /proc/PID/status, like "  1234 kB", into
// bytes.
func kilobytes(s string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(s), " kB"), 10, 64)
	return n * 1024, err
}

// cpuModel names the machine's processor, from /proc/cpuinfo.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for sc := bufio.NewScanner(bytes.NewReader(b)); sc.Scan(); {
		if name, value, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(name) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return ""
}
