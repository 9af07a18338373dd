package reloader

import (
	"path/filepath"
	"testing"
)

func TestJunk(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"/p/main.go", false},
		{"/p/main_test.go", true},
		{"/p/.main.go.swp", true},
		{"/p/main.go~", true},
		{"/p/4913", true},
		{"/p/.#main.go", true},
		{"/p/#main.go#", true},
		{"/p/#", false},
		{"/p/.git", true},
		{"/p/.git/index", true},
		{"/p/node_modules", true},
		{"/p/node_modules/left-pad", true},
		{"/home/u/node_modules/project/main.go", false}, // where the project lives says nothing
		{"/srv/.git/worktrees/x/main.go", false},
	}
	for _, tt := range tests {
		if got := junk(filepath.FromSlash(tt.name)); got != tt.want {
			t.Errorf("junk(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestGlobs(t *testing.T) {
	g := globs{root: filepath.FromSlash("/p")}
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"*.tmpl", "/p/a.tmpl", true},
		{"*.tmpl", "/p/x/y/a.tmpl", true}, // no slash: any directory
		{"templates/*.html", "/p/templates/a.html", true},
		{"templates/*.html", "/p/templates/x/a.html", false},
		{"templates/**/*.html", "/p/templates/a.html", true},
		{"templates/**/*.html", "/p/templates/x/y/a.html", true},
		{"./conf/app.toml", "/p/conf/app.toml", true},
		{"**/gen_*.go", "/p/a/gen_x.go", true},
		{"**/gen_*.go", "/q/gen_x.go", false}, // outside the root
		{"web/[ab].css", "/p/web/c.css", false},
	}
	for _, tt := range tests {
		if got := g.match([]string{tt.pattern}, filepath.FromSlash(tt.name)); got != tt.want {
			t.Errorf("match(%s, %s) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}
