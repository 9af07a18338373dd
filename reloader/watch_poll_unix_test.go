//go:build unix

package reloader

import (
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestPollSameSizeAndTime checks that polling sees a file replaced by
// another with the same size and modification time: the inode tells. A
// change of mode alone is no change, as with fsnotify.
func TestPollSameSizeAndTime(t *testing.T) {
	testPollCases(t, []pollCase{
		{"renamed over", func(t *testing.T, dir string) {
			x := filepath.Join(dir, "a", "x.go")
			tmp := x + ".tmp"
			writeFile(t, tmp, "package b") // as long as "package a"
			copyTime(t, x, tmp)
			if err := os.Rename(tmp, x); err != nil {
				t.Fatal(err)
			}
		}, []string{"WRITE a/x.go"}},
		{"mode changed", func(t *testing.T, dir string) {
			if err := os.Chmod(filepath.Join(dir, "a", "x.go"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, nil},
	})
}

// TestPollSettled checks the shortcut of a directory whose time is old:
// polling trusts its unchanged stamp and does not list it, but stats its
// files; it lists it again when its stamp moves, or when a file it knew
// is gone.
func TestPollSettled(t *testing.T) {
	dir := pollTree(t)
	a := filepath.Join(dir, "a")
	ageDirs(t, a)
	pw := newPollWatcher(time.Hour)
	defer pw.close()
	pw.watch([]string{a})
	ds := pw.state[a]
	if !ds.settled {
		t.Fatalf("directory an hour old: settled = false, want true")
	}

	// A name the poller does not know, with the directory's stamp
	// unchanged: only a listing would find it, and none is made.
	forget(ds, "y.go")
	if got := pollNames(t, dir, pw.poll()); got != nil {
		t.Errorf("poll of a settled directory, stamp unchanged = %q, want nothing: it was listed", got)
	}
	writeFile(t, filepath.Join(a, "x.go"), "package a // longer than before")
	if got, want := pollNames(t, dir, pw.poll()), []string{"WRITE a/x.go"}; !slices.Equal(got, want) {
		t.Errorf("poll after a write in a settled directory = %q, want %q", got, want)
	}

	// A name the poller knows that is gone, stamp unchanged: the stat
	// fails, and the directory is listed.
	ds.entries = append(ds.entries, entry{name: "zz.go", st: stamp{size: 1}})
	want := []string{"CREATE a/y.go", "REMOVE a/zz.go"}
	if got := pollNames(t, dir, pw.poll()); !slices.Equal(got, want) {
		t.Errorf("poll of a settled directory with a known file gone = %q, want %q", got, want)
	}

	// A new file moves the directory's time: it is listed, and no longer
	// settled, its time being recent.
	writeFile(t, filepath.Join(a, "new.go"), "package a")
	if got, want := pollNames(t, dir, pw.poll()), []string{"CREATE a/new.go"}; !slices.Equal(got, want) {
		t.Errorf("poll after a file was created in a settled directory = %q, want %q", got, want)
	}
	if ds.settled {
		t.Errorf("directory just changed: settled = true, want false")
	}
}

// TestPollRacy checks that a directory whose time is recent is listed
// by every poll even when its stamp is unchanged: an entry created in
// the same clock tick as the last listing leaves the stamp as it was on
// a file system with coarse times.
func TestPollRacy(t *testing.T) {
	dir := pollTree(t)
	a := filepath.Join(dir, "a")
	pw := newPollWatcher(time.Hour)
	defer pw.close()
	pw.watch([]string{a})
	ds := pw.state[a]
	if ds.settled {
		t.Fatalf("directory just written: settled = true, want false")
	}
	for range 2 {
		forget(ds, "y.go") // as if created just after the listing
		if got, want := pollNames(t, dir, pw.poll()), []string{"CREATE a/y.go"}; !slices.Equal(got, want) {
			t.Errorf("poll of a recent directory, stamp unchanged = %q, want %q", got, want)
		}
	}
}

// forget drops name from what ds last saw.
func forget(ds *dirState, name string) {
	ds.entries = slices.DeleteFunc(ds.entries, func(e entry) bool { return e.name == name })
}

// copyTime gives dst the access and modification times of src.
func copyTime(t *testing.T, src, dst string) {
	t.Helper()
	info, err := os.Stat(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(dst, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkPollFloorAt measures the system calls a settled poll of
// BenchmarkPoll's 100x100 tree makes, and nothing else: open each
// directory, stat it and each of its files relative to it, close it.
func BenchmarkPollFloorAt(b *testing.B) {
	dirs := benchTree(b, 100, 100)
	names := make([][]string, len(dirs))
	for i, d := range dirs {
		list, err := os.ReadDir(d)
		if err != nil {
			b.Fatal(err)
		}
		for _, de := range list {
			names[i] = append(names[i], de.Name())
		}
	}
	b.ReportAllocs()
	defer reportCPU(b)()
	var st unix.Stat_t
	for b.Loop() {
		for i, d := range dirs {
			fd, err := unix.Open(d, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
			if err != nil {
				b.Fatal(err)
			}
			unix.Fstat(fd, &st)
			for _, n := range names[i] {
				if err := unix.Fstatat(fd, n, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
					b.Fatal(err)
				}
			}
			unix.Close(fd)
		}
	}
}

// cpuTime returns the user and system time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
