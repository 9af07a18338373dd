package reloader

import (
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// sourceExts are the extensions of files a package's build reads: a new
// one in a package directory means a rebuild.
var sourceExts = map[string]bool{
	".go": true, ".c": true, ".cc": true, ".cxx": true, ".cpp": true, ".m": true,
	".h": true, ".hh": true, ".hpp": true, ".hxx": true, ".s": true, ".S": true, ".sx": true,
	".f": true, ".F": true, ".for": true, ".f90": true, ".swig": true, ".swigcxx": true, ".syso": true,
}

// skipDirs are directories that never hold anything a build reads.
var skipDirs = map[string]bool{".git": true, ".hg": true, ".svn": true, "node_modules": true}

// isSourceName reports whether a file of this name in a package directory
// could be part of the package's build.
func isSourceName(base string) bool {
	if hiddenName(base) || strings.HasSuffix(base, "_test.go") {
		return false
	}
	return sourceExts[filepath.Ext(base)]
}

// hiddenName reports whether the go command ignores a file of this name
// (it ignores names starting with "." or "_").
func hiddenName(base string) bool {
	return strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_")
}

// junk reports whether name can never matter: editor temporary and backup
// files, tests, and version control or node_modules directories and what
// is directly in them. Only the last two elements of name are looked at:
// the engine watches package directories, never the inside of those, and
// the directories above a project say nothing about it.
func junk(name string) bool {
	dir, base := filepath.Split(name)
	switch {
	case base == "4913", strings.HasSuffix(base, "~"), strings.HasPrefix(base, ".#"),
		len(base) > 1 && strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"), // emacs auto-save
		strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"), strings.HasSuffix(base, ".swo"),
		strings.HasSuffix(base, "_test.go"):
		return true
	}
	return skipDirs[base] || skipDirs[filepath.Base(dir)]
}

// within reports whether name is dir or inside it.
func within(name, dir string) bool {
	rel, err := filepath.Rel(dir, name)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// excluded reports whether name matches an Exclude glob.
func (g globs) excluded(name string) bool { return g.match(g.exclude, name) }

// restarts reports whether name matches a Watch glob.
func (g globs) restarts(name string) bool { return g.match(g.restart, name) }

// reloads reports whether name matches a Reload glob.
func (g globs) reloads(name string) bool { return g.match(g.reload, name) }

// match reports whether name matches one of patterns. A pattern without a
// slash matches a file's base name in any directory; any other pattern
// matches the path relative to g.root, for files inside it, where "**"
// spans any number of directories.
func (g globs) match(patterns []string, name string) bool {
	rel, err := filepath.Rel(g.root, name)
	inside := err == nil && within(name, g.root)
	rel = filepath.ToSlash(rel)
	for _, p := range patterns {
		p = filepath.ToSlash(p)
		if !strings.Contains(p, "/") {
			if ok, _ := path.Match(p, filepath.Base(name)); ok {
				return true
			}
			continue
		}
		if inside && matchGlob(strings.Split(strings.TrimPrefix(p, "./"), "/"), strings.Split(rel, "/")) {
			return true
		}
	}
	return false
}

// matchGlob matches path elements against pattern elements; a "**"
// element matches zero or more path elements.
func matchGlob(pattern, elems []string) bool {
	for len(pattern) > 0 {
		if pattern[0] == "**" {
			for i := 0; i <= len(elems); i++ {
				if matchGlob(pattern[1:], elems[i:]) {
					return true
				}
			}
			return false
		}
		if len(elems) == 0 {
			return false
		}
		if ok, _ := path.Match(pattern[0], elems[0]); !ok {
			return false
		}
		pattern, elems = pattern[1:], elems[1:]
	}
	return len(elems) == 0
}

// dirs returns the directories that Watch, Reload and generator globs can
// match files in: every directory under each pattern's fixed prefix,
// minus those that never matter.
func (g globs) dirs() []string {
	var dirs []string
	for _, p := range slices.Concat(g.restart, g.reload, g.generate) {
		root := filepath.Join(g.root, fixedPrefix(filepath.ToSlash(p)))
		filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
			switch {
			case err != nil || !d.IsDir():
				return nil
			case name != root && (skipDirs[d.Name()] || hiddenName(d.Name())):
				return filepath.SkipDir
			}
			dirs = append(dirs, name)
			return nil
		})
	}
	return dirs
}

// fixedPrefix returns the leading directories of a slash-separated
// pattern that hold no glob metacharacters.
func fixedPrefix(pattern string) string {
	if !strings.Contains(pattern, "/") {
		return "."
	}
	elems := strings.Split(pattern, "/")
	var fixed []string
	for _, e := range elems[:len(elems)-1] {
		if strings.ContainsAny(e, `*?[\`) {
			break
		}
		fixed = append(fixed, e)
	}
	return filepath.FromSlash(path.Join(append([]string{"."}, fixed...)...))
}
