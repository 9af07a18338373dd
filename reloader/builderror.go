package reloader

// BuildError is a failed go build: every error the compiler reported, and
// its whole output.
type BuildError struct {
	Package string         // the main package that was built
	Errors  []CompileError // in the order the compiler printed them
	Output  string         // the compiler's combined output, verbatim
}

// CompileError is one error of a build, at a position in a file.
type CompileError struct {
	File    string // absolute path
	Line    int
	Column  int // 0 when the compiler gave none
	Message string
}
