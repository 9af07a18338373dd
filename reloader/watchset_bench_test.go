package reloader

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
)

// bigListing returns go list -json output for a main package that embeds
// files in dirs directories, as a front end's assets are.
func bigListing(b *testing.B, root string, dirs, files int) []byte {
	b.Helper()
	main := &listedPackage{Dir: root, ImportPath: "example.com/big", Name: "main", Match: []string{"."},
		Module:  &listedModule{Dir: root},
		GoFiles: []string{"main.go"}}
	for d := range dirs {
		for f := range files {
			main.EmbedFiles = append(main.EmbedFiles, fmt.Sprintf("static/p%03d/d%02d/f%d.txt", d/100, d%100, f))
		}
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("", "\t")
	for _, p := range []*listedPackage{{Dir: "/go/src/embed", ImportPath: "embed", Name: "embed", Standard: true, GoFiles: []string{"embed.go"}}, main} {
		if err := enc.Encode(p); err != nil {
			b.Fatal(err)
		}
	}
	return out.Bytes()
}

// BenchmarkWatchSet decodes go list's output for a hundred thousand
// embedded files in ten thousand directories and builds the watch set as
// the engine does after a build; set-B/op is the heap the set keeps.
func BenchmarkWatchSet(b *testing.B) {
	root := filepath.Join(b.TempDir(), "big")
	out := bigListing(b, root, 10000, 10)
	var ws *watchSet
	for b.Loop() {
		ws = emptySet(globs{root: root})
		err := decodePackages(bytes.NewReader(out), func(p *listedPackage) {
			ws.add(p, goEnv{})
		})
		if err != nil {
			b.Fatal(err)
		}
		ws.finish(goEnv{})
	}
	b.StopTimer()
	if n := ws.fileCount(); n != 10000*10+3 {
		b.Fatalf("watch set of %d files, want %d", n, 10000*10+3)
	}
	b.ReportMetric(float64(retained(func() { ws = nil })), "set-B/op")
}

// retained returns how much less heap is in use once drop has run.
func retained(drop func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	drop()
	runtime.GC()
	runtime.ReadMemStats(&after)
	return before.HeapAlloc - after.HeapAlloc
}
