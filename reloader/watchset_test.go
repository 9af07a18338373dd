package reloader

import (
	"context"
	"path/filepath"
	"testing"
)

// listSet computes the watch set of the main package in dir, as the
// engine does.
func listSet(t *testing.T, dir string, env, flags []string, g globs) *watchSet {
	t.Helper()
	ctx := context.Background()
	ge, err := readGoEnv(ctx, dir, env)
	if err != nil {
		t.Fatal(err)
	}
	set, err := listWatchSet(ctx, dir, env, flags, ".", ge, g)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestWatchSetFiles(t *testing.T) {
	root, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		dir      string // the main package, under testdata
		env      []string
		flags    []string
		want     []string // files in the set, under testdata
		dontWant []string
	}{{
		name:  "replace outside the module, embed, cgo, tags",
		dir:   "watchset/main",
		env:   []string{"CGO_ENABLED=1"},
		flags: []string{"-tags", "special"},
		want: []string{
			"watchset/main/main.go", "watchset/main/go.mod", "watchset/main/go.sum",
			"watchset/lib/lib.go", "watchset/lib/go.mod",
			"watchset/main/web/web.go", "watchset/main/web/assets/index.html",
			"watchset/main/cgo/cgo.go", "watchset/main/cgo/helper.c", "watchset/main/cgo/helper.h",
			"watchset/main/tags/on.go",
		},
		dontWant: []string{
			"watchset/main/tags/off.go", "watchset/main/web/web_test.go",
			"watchset/main/unused/unused.go", "watchset/main/README.md",
		},
	}, {
		name:     "the other build tag",
		dir:      "watchset/main",
		env:      []string{"CGO_ENABLED=1"},
		want:     []string{"watchset/main/tags/off.go"},
		dontWant: []string{"watchset/main/tags/on.go"},
	}, {
		name: "go.work modules",
		dir:  "workspace/app",
		want: []string{
			"workspace/go.work", "workspace/go.work.sum",
			"workspace/app/main.go", "workspace/app/go.mod",
			"workspace/shared/shared.go", "workspace/shared/go.mod",
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(root, tt.dir)
			ws := listSet(t, dir, tt.env, tt.flags, globs{root: dir})
			for _, f := range tt.want {
				if name := filepath.Join(root, f); !ws.has(name) {
					t.Errorf("watch set of %s has no %s", tt.dir, f)
				}
			}
			for _, f := range tt.dontWant {
				if name := filepath.Join(root, f); ws.has(name) {
					t.Errorf("watch set of %s has %s, want it left out", tt.dir, f)
				}
			}
			for d := range ws.dirs {
				if !within(d, root) {
					t.Errorf("watch set of %s watches %s, outside the fixtures (standard library or module cache?)", tt.dir, d)
				}
			}
		})
	}
}

func TestClassify(t *testing.T) {
	root, err := filepath.Abs("testdata/watchset")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "main")
	g := globs{root: dir, restart: []string{"templates/**/*.tmpl", "*.conf"}, exclude: []string{"web/assets/*.bak", "gen_*.go"},
		reload: []string{"static/**", "web/assets/index.html", "web/assets/site.css", "*.conf"}}
	ws := listSet(t, dir, []string{"CGO_ENABLED=1"}, nil, g)
	tests := []struct {
		file string // under testdata/watchset
		want action
	}{
		{"main/main.go", rebuild},
		{"main/go.mod", rebuild},
		{"main/go.sum", rebuild},
		{"lib/lib.go", rebuild},
		{"lib/new.go", rebuild},        // a new file in a package directory
		{"main/cgo/helper.c", rebuild}, // cgo
		{"main/cgo/other.c", rebuild},  // a new C file
		{"main/web/assets/index.html", rebuild},
		{"main/web/assets/new.css", rebuild}, // a new embedded file
		{"main/web", rebuild},                // a package directory removed or re-created
		{"main/templates/a/b.tmpl", restart},
		{"main/app.conf", restart},              // Watch and Reload: the stronger wins
		{"main/static/app.css", reload},         // Reload
		{"main/static/js/app.js", reload},       // Reload, any depth
		{"main/web/assets/index.html", rebuild}, // Reload, but embedded: the build wins
		{"main/web/assets/site.css", reload},    // Reload, new beside embedded files: not embedded yet
		{"main/web/web_test.go", ignore},
		{"main/web/new_test.go", ignore},
		{"main/tags/on.go", rebuild}, // excluded by tags, but the tag line may change
		{"main/unused/unused.go", ignore},
		{"main/README.md", ignore},
		{"main/docs/guide.md", ignore},
		{"main/.main.go.swp", ignore},
		{"main/main.go~", ignore},
		{"main/4913", ignore},
		{"main/.#main.go", ignore},
		{"main/web/assets/.hidden", ignore},
		{"main/web/assets/old.bak", ignore}, // Exclude
		{"main/gen_x.go", ignore},           // Exclude, by base name
		{"main/.git/index", ignore},
		{"main/node_modules/x/index.js", ignore},
		{"main/main", ignore}, // a build output
	}
	for _, tt := range tests {
		if got := ws.classify(filepath.Join(root, tt.file)); got != tt.want {
			t.Errorf("classify(%s) = %v, want %v", tt.file, got, tt.want)
		}
	}
}

func (a action) String() string {
	return [...]string{"ignore", "reload", "restart", "rebuild"}[a]
}
