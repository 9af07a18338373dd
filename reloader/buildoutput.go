package reloader

import (
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// positionRE matches a compiler diagnostic: file:line: message or
// file:line:column: message. The file must have an extension, which keeps
// Windows drive letters ("C:\...") and "go: ..." lines out of it.
var positionRE = regexp.MustCompile(`^(.+?\.[A-Za-z0-9]+):(\d+)(?::(\d+))?: (.*)$`)

// parseBuildOutput turns the combined output of go build, run in dir, into
// the errors it reports, and the packages whose compiler stopped at its
// limit ("too many errors"), which have more. Relative file names are made
// absolute against dir; tab-indented lines continue the previous error's
// message; "# pkg" headers set the package of the errors that follow.
// Lines that locate nothing (go command errors, linker failures) become
// errors without a file.
func parseBuildOutput(out, dir string) (errs []CompileError, truncated []string) {
	pkg := ""
	for _, line := range strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\n") {
		switch {
		case strings.TrimSpace(line) == "":
			continue
		case strings.HasPrefix(line, "# "):
			pkg = packageHeader(line)
		case strings.HasPrefix(line, "\t") && len(errs) > 0:
			last := &errs[len(errs)-1]
			last.Message += "\n" + line
		case isTooMany(line):
			if !slices.Contains(truncated, pkg) {
				truncated = append(truncated, pkg)
			}
		default:
			errs = append(errs, compileError(line, dir, pkg))
		}
	}
	return errs, truncated
}

// isTooMany reports whether line is the compiler's "too many errors",
// alone or at the position of the last error it printed.
func isTooMany(line string) bool {
	const msg = "too many errors"
	if !strings.HasSuffix(line, msg) {
		return false
	}
	m := positionRE.FindStringSubmatch(line)
	return line == msg || m != nil && m[4] == msg
}

// packageHeader returns the import path of a "# path" header, without the
// " [path.test]" suffix the go command adds for test variants.
func packageHeader(line string) string {
	pkg := strings.TrimSpace(strings.TrimPrefix(line, "# "))
	if i := strings.IndexByte(pkg, ' '); i >= 0 {
		pkg = pkg[:i]
	}
	return pkg
}

// compileError parses one diagnostic line.
func compileError(line, dir, pkg string) CompileError {
	m := positionRE.FindStringSubmatch(line)
	if m == nil {
		return CompileError{Message: line, Package: pkg}
	}
	ln, err := strconv.Atoi(m[2])
	if err != nil { // a line number too large for an int: not a position
		return CompileError{Message: line, Package: pkg}
	}
	col, _ := strconv.Atoi(m[3]) // empty: no column
	file := m[1]
	if !filepath.IsAbs(file) && dir != "" {
		file = filepath.Join(dir, file)
	}
	return CompileError{File: file, Line: ln, Column: col, Message: m[4], Package: pkg}
}
