package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestInitConfigApplies checks that devserve run reads back what devserve
// init writes.
func TestInitConfigApplies(t *testing.T) {
	p := &project{
		pkg: "./cmd/web", others: []string{"./cmd/worker"},
		templ: []string{"views/a.templ", "views/b.templ", "views/c.templ"}, sqlc: "db/sqlc.yaml",
		goGenerate: []string{"gen.go", "internal/color/color.go"},
		tailwind:   &tailwind{cli: "npx @tailwindcss/cli", input: "assets/input.css", output: "static/app.css"},
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, configName), p.config(), 0o644); err != nil {
		t.Fatal(err)
	}
	var o options
	fs := o.flagSet()
	if err := o.applyConfig(dir, fs, map[string]bool{}); err != nil {
		t.Fatalf("applyConfig of init's file: %v\n%s", err, p.config())
	}
	if o.pkg != "./cmd/web" || !slices.Equal(o.reload, []string{"static/app.css"}) {
		t.Errorf("package %q, reload %q; want ./cmd/web and static/app.css", o.pkg, o.reload)
	}
	var runs []string
	for _, g := range o.generate {
		runs = append(runs, g.Run)
	}
	if want := []string{"templ generate", "sqlc generate", "go generate ./..."}; !slices.Equal(runs, want) {
		t.Errorf("generators %q, want %q", runs, want)
	}
	if got := o.generate[2].Watch; !slices.Equal(got, []string{"./gen.go", "internal/color/color.go"}) {
		t.Errorf("go generate watches %q, want the files with the lines, rooted", got)
	}
	if len(o.processes) != 1 || o.processes[0].Run != "npx @tailwindcss/cli -i assets/input.css -o static/app.css --watch" {
		t.Errorf("processes = %+v, want Tailwind's", o.processes)
	}
}

func TestStylesheetOutput(t *testing.T) {
	withStatic := t.TempDir()
	if err := os.Mkdir(filepath.Join(withStatic, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		root, input, want string
	}{
		{withStatic, "assets/input.css", "static/app.css"},
		{t.TempDir(), "assets/input.css", "assets/app.css"},
		{t.TempDir(), "app.css", "output.css"},
	}
	for _, tt := range tests {
		if got := stylesheetOutput(tt.root, tt.input); got != tt.want {
			t.Errorf("stylesheetOutput(%s) = %q, want %q", tt.input, got, tt.want)
		}
	}
}

func TestTemplCommand(t *testing.T) {
	t.Setenv("PATH", "") // templ is not installed
	tests := []struct {
		gomod, want string
	}{
		{"module m\n\ntool github.com/a-h/templ/cmd/templ\n", "go tool templ"},
		{"module m\n\ntool (\n\tgithub.com/a-h/templ/cmd/templ\n)\n", "go tool templ"},
		{"module m\n\nrequire github.com/a-h/templ v0.3.1100\n", "go run github.com/a-h/templ/cmd/templ@v0.3.1100"},
		{"module m\n\nrequire (\n\tgithub.com/a-h/templ v0.3.1100 // indirect\n)\n", "go run github.com/a-h/templ/cmd/templ@v0.3.1100"},
		{"module m\n", "templ"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(tt.gomod), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := templCommand(dir); got != tt.want {
			t.Errorf("templCommand(%q) = %q, want %q", tt.gomod, got, tt.want)
		}
	}
}
