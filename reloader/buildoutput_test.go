package reloader

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of the build-error tests")

// TestParseBuildOutputGolden builds real broken modules and compares what
// parseBuildOutput makes of go build's output with golden files.
func TestParseBuildOutputGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/builderrors/*/go.mod")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no build-error fixtures: %v", err)
	}
	for _, gomod := range cases {
		dir, err := filepath.Abs(filepath.Dir(gomod))
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command("go", "build", "-o", filepath.Join(t.TempDir(), "app"), ".")
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("go build in %s succeeded, want it to fail", name)
			}
			errs, truncated := parseBuildOutput(string(out), dir)
			got := renderErrors(errs, truncated, dir)
			golden := filepath.Join("testdata", "builderrors", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("parseBuildOutput(go build output of %s) =\n%s\nwant\n%s\noutput was:\n%s", name, got, want, out)
			}
		})
	}
}

// renderErrors prints errors one per line, file names relative to dir,
// packages sorted (the go command builds them in parallel, in any order),
// and "too many errors" after those of a truncated package.
func renderErrors(errs []CompileError, truncated []string, dir string) string {
	byPkg := make(map[string][]string)
	for _, ce := range errs {
		if ce.File != "" {
			rel, _ := filepath.Rel(dir, ce.File)
			ce.File = filepath.ToSlash(rel)
		}
		byPkg[ce.Package] = append(byPkg[ce.Package], strings.ReplaceAll(ce.String(), "\n", `\n`))
	}
	pkgs := make([]string, 0, len(byPkg))
	for p := range byPkg {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	var b strings.Builder
	for _, p := range pkgs {
		b.WriteString("# " + p + "\n")
		for _, l := range byPkg[p] {
			b.WriteString(l + "\n")
		}
		if slices.Contains(truncated, p) {
			b.WriteString("too many errors\n")
		}
	}
	return b.String()
}

func TestParseBuildOutput(t *testing.T) {
	tests := []struct {
		name, out, dir string
		want           []CompileError
		truncated      []string
	}{{
		name: "column",
		out:  "# example.com/a\n./a.go:3:7: undefined: x\n",
		dir:  "/src",
		want: []CompileError{{File: "/src/a.go", Line: 3, Column: 7, Message: "undefined: x", Package: "example.com/a"}},
	}, {
		name: "no column, absolute file",
		out:  "/other/b.s:12: unexpected EOF\n",
		dir:  "/src",
		want: []CompileError{{File: "/other/b.s", Line: 12, Message: "unexpected EOF"}},
	}, {
		name: "test variant header",
		out:  "# example.com/a [example.com/a.test]\na.go:1:1: x\n",
		dir:  "/src",
		want: []CompileError{{File: "/src/a.go", Line: 1, Column: 1, Message: "x", Package: "example.com/a"}},
	}, {
		name: "windows path",
		out:  `C:\src\a.go:4:2: undefined: y` + "\r\n",
		dir:  `C:\src`,
		want: []CompileError{{File: `C:\src\a.go`, Line: 4, Column: 2, Message: "undefined: y"}},
	}, {
		name: "linker failure",
		out:  "# example.com/a\n/usr/local/go/pkg/tool/linux_amd64/link: running gcc failed: exit status 1\n",
		dir:  "/src",
		want: []CompileError{{Message: "/usr/local/go/pkg/tool/linux_amd64/link: running gcc failed: exit status 1", Package: "example.com/a"}},
	}, {
		name: "go command error with continuation",
		out:  "go: updates to go.mod needed; to update it:\n\tgo mod tidy\n",
		dir:  "/src",
		want: []CompileError{{Message: "go: updates to go.mod needed; to update it:\n\tgo mod tidy"}},
	}, {
		name:      "too many errors",
		out:       "./a.go:1:1: x\n./a.go:9:9: too many errors\ntoo many errors\n",
		dir:       "/src",
		want:      []CompileError{{File: "/src/a.go", Line: 1, Column: 1, Message: "x"}},
		truncated: []string{""},
	}, {
		name: "too many errors in two packages",
		out:  "# example.com/a\n./a.go:1:1: x\n./a.go:1:1: too many errors\n# example.com/b\n./b.go:2:2: y\n./b.go:2:2: too many errors\n",
		dir:  "/src",
		want: []CompileError{
			{File: "/src/a.go", Line: 1, Column: 1, Message: "x", Package: "example.com/a"},
			{File: "/src/b.go", Line: 2, Column: 2, Message: "y", Package: "example.com/b"},
		},
		truncated: []string{"example.com/a", "example.com/b"},
	}, {
		name: "an error about too many errors",
		out:  "./a.go:1:1: x: too many errors\n",
		dir:  "/src",
		want: []CompileError{{File: "/src/a.go", Line: 1, Column: 1, Message: "x: too many errors"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if filepath.Separator != '\\' && strings.Contains(tt.dir, `\`) {
				t.Skip("a Windows path is relative elsewhere")
			}
			got, truncated := parseBuildOutput(tt.out, filepath.FromSlash(tt.dir))
			for i := range tt.want {
				if f := tt.want[i].File; f != "" && !strings.Contains(f, `\`) {
					tt.want[i].File = filepath.FromSlash(f)
				}
			}
			if !equalErrors(got, tt.want) || !slices.Equal(truncated, tt.truncated) {
				t.Errorf("parseBuildOutput(%q) = %+v, %q, want %+v, %q", tt.out, got, truncated, tt.want, tt.truncated)
			}
		})
	}
}

func equalErrors(a, b []CompileError) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func FuzzParseBuildOutput(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/builderrors/*.golden")
	for _, s := range seeds {
		data, _ := os.ReadFile(s)
		f.Add(string(data))
	}
	f.Add("# p\n./a.go:1:2: m\n\thave ()\n\twant (int)\n./b.go:99999999999999999999:1: big\n")
	f.Fuzz(func(t *testing.T, out string) {
		errs, truncated := parseBuildOutput(out, "/src")
		if len(errs) > strings.Count(out, "\n")+1 {
			t.Errorf("parseBuildOutput(%q) = %d errors, more than the %d lines", out, len(errs), strings.Count(out, "\n")+1)
		}
		for _, ce := range errs {
			if ce.File != "" && (ce.Line < 0 || ce.Column < 0 || !filepath.IsAbs(ce.File) && !strings.HasPrefix(ce.File, "/")) {
				t.Errorf("parseBuildOutput(%q) has %+v: want a positive position in an absolute file", out, ce)
			}
			if ce.Message == "" && ce.File == "" {
				t.Errorf("parseBuildOutput(%q) has an empty error", out)
			}
		}
		be := &BuildError{Package: "p", Errors: errs, Output: out, Truncated: truncated}
		r := be.Report()
		frames := 0
		for _, s := range r.Sections {
			frames += len(s.Frames)
		}
		if frames != len(errs) {
			t.Errorf("Report() of %d errors has %d frames, want one per error", len(errs), frames)
		}
	})
}
