package reloader

import (
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// TestDecodePackages checks that decoding a list a name at a time gives
// the packages encoding/json gives.
func TestDecodePackages(t *testing.T) {
	const out = `{
	"Dir": "/src/app",
	"ImportPath": "example.com/app",
	"Name": "main",
	"Module": {"Path": "example.com/app", "Dir": "/src/app", "Main": true, "Replace": {"Dir": "/src/fork"}},
	"Match": ["."],
	"GoFiles": ["main.go", "a\"b.go", "\u00e9.go"],
	"CgoFiles": null,
	"CFiles": [],
	"Unknown": {"Deps": ["x", "y"]},
	"EmbedFiles": ["static/a/b.txt", "static/c.txt"],
	"Error": {"Err": "something"}
}
{"Dir": "/go/src/fmt", "Standard": true}
`
	var want []*listedPackage
	for dec := json.NewDecoder(strings.NewReader(out)); ; {
		p := new(listedPackage)
		if err := dec.Decode(p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		want = append(want, p)
	}
	var got []*listedPackage
	if err := decodePackages(strings.NewReader(out), func(p *listedPackage) { got = append(got, p) }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decodePackages:\n%s\nwant (encoding/json):\n%s", packagesJSON(got), packagesJSON(want))
	}
}

// TestListFields checks that every field asked of go list is decoded.
func TestListFields(t *testing.T) {
	fields := new(listedPackage).fields()
	for _, name := range strings.Split(listFields, ",") {
		if fields[name] == nil {
			t.Errorf("go list is asked for %s, but it is not decoded", name)
		}
	}
	if n := strings.Count(listFields, ",") + 1; len(fields) != n {
		t.Errorf("%d fields decoded, %d asked of go list", len(fields), n)
	}
}

// TestDecodePackagesBad checks that malformed output is an error.
func TestDecodePackagesBad(t *testing.T) {
	for _, out := range []string{
		`{"Dir": "/src/app", "GoFiles": ["a.go"`,
		`{"Dir": "/src/app", "GoFiles": "a.go"}`,
		`{"Dir": "/src/app", "GoFiles": [1]}`,
		`["a.go"]`,
		`{"Dir": 1}`,
		`{"Dir": "/src/app"}]`,
	} {
		if err := decodePackages(strings.NewReader(out), func(*listedPackage) {}); err == nil {
			t.Errorf("decodePackages(%s) = nil, want an error", out)
		}
	}
}

// packagesJSON shows pkgs in a failure message.
func packagesJSON(pkgs []*listedPackage) string {
	b, _ := json.MarshalIndent(pkgs, "", "  ")
	return string(b)
}
