package debugpage

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseCrash feeds the crash parser arbitrary output, seeded with the
// real crash outputs in testdata/crash. It must not panic, and a report it
// returns must have a failing first section with frames.
func FuzzParseCrash(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/crash/*.txt")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("panic: x\n\ngoroutine 1 [running]:\nmain.main()\n\t/a.go:1 +0x1\n"))
	f.Fuzz(func(t *testing.T, output []byte) {
		rep := ParseCrash(output)
		if rep == nil {
			return
		}
		if rep.Title == "" || len(rep.Sections) == 0 || !rep.Sections[0].Failing {
			t.Fatalf("ParseCrash(%q) = %+v, want a title and a failing first section", output, rep)
		}
		_ = textOf(rep) // must not panic either
	})
}

// FuzzFormatValue formats arbitrary strings as panic values of several
// shapes. The result must be bounded and, for valid input, valid UTF-8.
func FuzzFormatValue(f *testing.F) {
	f.Add("boom")
	f.Add(strings.Repeat("é", maxValueLen))
	f.Add("\xff\xfe invalid")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range []any{s, errors.New(s), point{len(s), 0}, []byte(s)} {
			got := FormatValue(v)
			if len(got) > maxValueLen+64 {
				t.Fatalf("FormatValue(%T of %d bytes) is %d bytes, want at most %d", v, len(s), len(got), maxValueLen+64)
			}
			if utf8.ValidString(s) && !utf8.ValidString(got) {
				t.Fatalf("FormatValue(%q) = %q, not valid UTF-8", s, got)
			}
		}
	})
}
