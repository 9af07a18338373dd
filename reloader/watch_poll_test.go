package reloader

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// pollCase is a change to the tree of pollTree, and the events one poll
// must report after it.
type pollCase struct {
	name   string
	change func(t *testing.T, dir string)
	want   []string // "op name", with names relative to the root
}

// TestPollChanges checks what one poll reports after each kind of change
// to a watched directory.
func TestPollChanges(t *testing.T) {
	testPollCases(t, []pollCase{
		{"nothing", func(*testing.T, string) {}, nil},
		{"write", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "a", "x.go"), "package a // longer than before")
		}, []string{"WRITE a/x.go"}},
		{"atomic rename", func(t *testing.T, dir string) {
			tmp := filepath.Join(dir, "a", "x.go.tmp")
			writeFile(t, tmp, "package a // saved atomically")
			if err := os.Rename(tmp, filepath.Join(dir, "a", "x.go")); err != nil {
				t.Fatal(err)
			}
		}, []string{"WRITE a/x.go"}},
		{"create", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "a", "new.go"), "package a")
		}, []string{"CREATE a/new.go"}},
		{"delete", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "a", "y.go")); err != nil {
				t.Fatal(err)
			}
		}, []string{"REMOVE a/y.go"}},
		{"rename", func(t *testing.T, dir string) {
			if err := os.Rename(filepath.Join(dir, "a", "y.go"), filepath.Join(dir, "a", "w.go")); err != nil {
				t.Fatal(err)
			}
		}, []string{"CREATE a/w.go", "REMOVE a/y.go"}},
		{"remove dir", func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, "b")); err != nil {
				t.Fatal(err)
			}
		}, []string{"REMOVE b", "REMOVE b/z.go"}},
		{"new subdir", func(t *testing.T, dir string) {
			if err := os.Mkdir(filepath.Join(dir, "a", "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, []string{"CREATE a/sub"}},
		{"file replaced by dir", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "a", "y.go")); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(filepath.Join(dir, "a", "y.go"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, []string{"WRITE a/y.go"}},
	})
}

// testPollCases runs each case twice: on a tree just written, whose
// directories are listed by every poll, and on one whose directories'
// times are old, so that a poll lists only those whose times moved.
func testPollCases(t *testing.T, tests []pollCase) {
	for _, aged := range []bool{false, true} {
		for _, tt := range tests {
			name := tt.name
			if aged {
				name += " aged"
			}
			t.Run(name, func(t *testing.T) {
				dir := pollTree(t)
				if aged {
					ageDirs(t, filepath.Join(dir, "a"), filepath.Join(dir, "b"))
				}
				pw := newPollWatcher(time.Hour)
				defer pw.close()
				pw.watch([]string{filepath.Join(dir, "a"), filepath.Join(dir, "b")})
				tt.change(t, dir)
				if got := pollNames(t, dir, pw.poll()); !slices.Equal(got, tt.want) {
					t.Errorf("poll after %s = %q, want %q", name, got, tt.want)
				}
				if got := pollNames(t, dir, pw.poll()); got != nil {
					t.Errorf("second poll after %s = %q, want nothing", name, got)
				}
			})
		}
	}
}

// TestPollDirBack checks that a watched directory removed and created
// again reads as removed, then as created with its files.
func TestPollDirBack(t *testing.T) {
	dir := pollTree(t)
	pw := newPollWatcher(time.Hour)
	defer pw.close()
	pw.watch([]string{filepath.Join(dir, "a"), filepath.Join(dir, "b")})
	if err := os.RemoveAll(filepath.Join(dir, "b")); err != nil {
		t.Fatal(err)
	}
	pw.poll()
	writeFile(t, filepath.Join(dir, "b", "z.go"), "package b")
	want := []string{"CREATE b", "CREATE b/z.go"}
	if got := pollNames(t, dir, pw.poll()); !slices.Equal(got, want) {
		t.Errorf("poll after b came back = %q, want %q", got, want)
	}
}

// TestPollWatchKeepsChanges checks that watching again does not hide a
// change made since the last poll.
func TestPollWatchKeepsChanges(t *testing.T) {
	dir := pollTree(t)
	pw := newPollWatcher(time.Hour)
	defer pw.close()
	dirs := []string{filepath.Join(dir, "a"), filepath.Join(dir, "b")}
	pw.watch(dirs)
	writeFile(t, filepath.Join(dir, "a", "x.go"), "package a // longer than before")
	pw.watch(dirs)
	want := []string{"WRITE a/x.go"}
	if got := pollNames(t, dir, pw.poll()); !slices.Equal(got, want) {
		t.Errorf("poll after a write and a new watch = %q, want %q", got, want)
	}
}

// pollTree makes a root with a/x.go, a/y.go and b/z.go.
func pollTree(t *testing.T) string {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a", "x.go"), "package a")
	writeFile(t, filepath.Join(dir, "a", "y.go"), "package a")
	writeFile(t, filepath.Join(dir, "b", "z.go"), "package b")
	return dir
}

// ageDirs sets the times of dirs to an hour ago, well before settleTime.
func ageDirs(t *testing.T, dirs ...string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	for _, d := range dirs {
		if err := os.Chtimes(d, old, old); err != nil {
			t.Fatal(err)
		}
	}
}

// pollNames renders events as sorted, distinct "op name" strings with
// names relative to root.
func pollNames(t *testing.T, root string, evs []fsnotify.Event) []string {
	t.Helper()
	var out []string
	for _, ev := range evs {
		rel, err := filepath.Rel(root, ev.Name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ev.Op.String()+" "+filepath.ToSlash(rel))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestPollUnstattable checks that a directory with an entry that could
// be listed but not stat-ed is listed again by the next poll, however
// old its time.
func TestPollUnstattable(t *testing.T) {
	dir := pollTree(t)
	a := filepath.Join(dir, "a")
	ageDirs(t, a)
	h, err := openDir(a)
	if err != nil {
		t.Fatal(err)
	}
	defer h.close()
	ds := &dirState{present: true, settled: true}
	ds.merge(h, a, []fs.DirEntry{goneEntry("gone.go")}, nil)
	if ds.settled {
		t.Errorf("after listing an entry that cannot be stat-ed: settled = true, want false")
	}
}

// goneEntry is a listed file that is no longer there.
type goneEntry string

func (e goneEntry) Name() string               { return string(e) }
func (e goneEntry) IsDir() bool                { return false }
func (e goneEntry) Type() fs.FileMode          { return 0 }
func (e goneEntry) Info() (fs.FileInfo, error) { return nil, fs.ErrNotExist }
