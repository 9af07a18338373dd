package serving

import (
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/devserve/devserve/internal/gocmd"
)

// findSource returns the source of the running program, checked to be
// rebuildable: the build information and the file of main.main say where
// it is and how it was built, and the go command must be there and see a
// module in that directory.
func findSource() (*source, error) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return nil, errors.New("serving: reloader: the program has no build information to rebuild it from")
	}
	file, ok := mainFile()
	if !ok {
		return nil, errors.New("serving: reloader: cannot find main.main on any goroutine's stack")
	}
	s, err := sourceOf(bi, file)
	if err != nil {
		return nil, err
	}
	if _, err := exec.LookPath("go"); err != nil {
		return nil, errors.New("serving: reloader: the go command is not on PATH, and rebuilding the program needs it")
	}
	root, ok := gocmd.ModuleRoot(s.dir)
	if !ok {
		return nil, fmt.Errorf("serving: reloader: %s is not in a Go module (no go.mod here or above), so the program cannot be rebuilt", s.dir)
	}
	s.root = root
	return s, nil
}

// mainFile returns the file that holds main.main. It looks on the calling
// goroutine's stack first, where main.main is when the server runs from
// main, then on every goroutine's.
func mainFile() (string, bool) {
	if file, ok := mainOnOwnStack(); ok {
		return file, true
	}
	return mainOnAnyStack()
}

// mainOnOwnStack finds main.main among the callers of this goroutine.
func mainOnOwnStack() (string, bool) {
	pcs := make([]uintptr, 1024)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)])
	for {
		f, more := frames.Next()
		if f.Function == "main.main" {
			return f.File, true
		}
		if !more {
			return "", false
		}
	}
}

// mainOnAnyStack finds main.main in the traceback of every goroutine,
// where a frame reads "main.main()" followed by "\tFILE:LINE".
func mainOnAnyStack() (string, bool) {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return mainInTraceback(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

// mainInTraceback returns the file of main.main's frame in a goroutine
// traceback.
func mainInTraceback(tb []byte) (string, bool) {
	lines := strings.Split(string(tb), "\n")
	for i := 0; i+1 < len(lines); i++ {
		if lines[i] != "main.main()" {
			continue
		}
		loc := strings.TrimPrefix(lines[i+1], "\t")
		if j := strings.LastIndex(loc, " +0x"); j >= 0 {
			loc = loc[:j]
		}
		if j := strings.LastIndexByte(loc, ':'); j > 0 {
			return loc[:j], true
		}
	}
	return "", false
}
