package reloader

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkPoll measures one poll of 100 directories of 100 files each,
// none of them changed: "settled" when the directories' times are old,
// as they are once a tree has been left alone for a few seconds, and
// "list" when every directory is listed, as each is after a change.
func BenchmarkPoll(b *testing.B) {
	dirs := benchTree(b)
	for _, list := range []bool{false, true} {
		name := "settled"
		if list {
			name = "list"
		}
		b.Run(name, func(b *testing.B) {
			pw := newPollWatcher(time.Hour)
			defer pw.close()
			pw.watch(dirs)
			b.ReportAllocs()
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
		})
	}
}

// BenchmarkPollFloor measures the floor under BenchmarkPoll: a bare
// lstat of each of its files by full path, with the paths built
// beforehand.
func BenchmarkPollFloor(b *testing.B) {
	var paths []string
	for _, d := range benchTree(b) {
		list, err := os.ReadDir(d)
		if err != nil {
			b.Fatal(err)
		}
		for _, de := range list {
			paths = append(paths, filepath.Join(d, de.Name()))
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range paths {
			if _, err := os.Lstat(p); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// benchTree makes 100 directories of 100 files each, with times an hour
// old, and returns the directories.
func benchTree(b *testing.B) []string {
	root := b.TempDir()
	old := time.Now().Add(-time.Hour)
	var dirs []string
	for i := range 100 {
		d := filepath.Join(root, fmt.Sprintf("d%03d", i))
		if err := os.Mkdir(d, 0o755); err != nil {
			b.Fatal(err)
		}
		for j := range 100 {
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
