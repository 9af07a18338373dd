package reloader

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkPoll measures one poll of 10,000 files none of which changed,
// in 100 directories of 100 files and in 1,000 directories of 10:
// "settled" when the directories' times are old, as they are once a tree
// has been left alone for a few seconds, and "list" when every directory
// is listed, as each is after a change.
func BenchmarkPoll(b *testing.B) {
	for _, shape := range []struct{ dirs, files int }{{100, 100}, {1000, 10}} {
		dirs := benchTree(b, shape.dirs, shape.files)
		for _, list := range []bool{false, true} {
			name := fmt.Sprintf("settled/%dx%d", shape.dirs, shape.files)
			if list {
				name = fmt.Sprintf("list/%dx%d", shape.dirs, shape.files)
			}
			b.Run(name, func(b *testing.B) { benchPoll(b, dirs, list) })
		}
	}
}

// benchPoll polls dirs, unchanged, listing each every time if list.
func benchPoll(b *testing.B, dirs []string, list bool) {
	pw := newPollWatcher(time.Hour)
	defer pw.close()
	pw.watch(dirs)
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		if list {
			for _, ds := range pw.state {
				ds.settled = false
			}
		}
		if evs := pw.poll(); len(evs) != 0 {
			b.Fatalf("poll of an unchanged tree = %v, want nothing", evs)
		}
	}
}

// BenchmarkPollFloor measures a floor under BenchmarkPoll's settled
// 100x100 case: a bare lstat of each of its files by full path, with the
// paths built beforehand.
func BenchmarkPollFloor(b *testing.B) {
	var paths []string
	for _, d := range benchTree(b, 100, 100) {
		list, err := os.ReadDir(d)
		if err != nil {
			b.Fatal(err)
		}
		for _, de := range list {
			paths = append(paths, filepath.Join(d, de.Name()))
		}
	}
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		for _, p := range paths {
			if _, err := os.Lstat(p); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// reportCPU starts counting the CPU time of the process, and returns a
// function that reports it per operation, where the system tells it:
// unlike the time per operation, it does not count waiting for a core.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if cpu := cpuTime() - start; cpu > 0 {
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	}
}

// benchTree makes n directories of files files each, with times an hour
// old, and returns the directories.
func benchTree(b *testing.B, n, files int) []string {
	root := b.TempDir()
	old := time.Now().Add(-time.Hour)
	var dirs []string
	for i := range n {
		d := filepath.Join(root, fmt.Sprintf("d%04d", i))
		if err := os.Mkdir(d, 0o755); err != nil {
			b.Fatal(err)
		}
		for j := range files {
			if err := os.WriteFile(filepath.Join(d, fmt.Sprintf("f%03d.txt", j)), []byte("x"), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		if err := os.Chtimes(d, old, old); err != nil {
			b.Fatal(err)
		}
		dirs = append(dirs, d)
	}
	return dirs
}
