package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestParseArgs(t *testing.T) {
	tests := []struct {
		args []string
		pkg  string
		app  []string
		addr string
		poll time.Duration
	}{
		{nil, "", nil, "localhost:8080", 0},
		{[]string{"./cmd/api", "--addr", ":3000"}, "./cmd/api", nil, ":3000", 0},
		{[]string{"--poll", ".", "--", "-v", "x"}, ".", []string{"-v", "x"}, "localhost:8080", defaultPoll},
		{[]string{"--poll=2s", "--", "--addr"}, "", []string{"--addr"}, "localhost:8080", 2 * time.Second},
	}
	for _, tt := range tests {
		var o options
		if _, err := o.parseArgs(o.flagSet(), tt.args); err != nil {
			t.Errorf("parseArgs(%q): %v", tt.args, err)
			continue
		}
		if o.pkg != tt.pkg || !slices.Equal(o.args, tt.app) || o.addr != tt.addr || time.Duration(o.poll) != tt.poll {
			t.Errorf("parseArgs(%q) = pkg %q args %q addr %q poll %v, want %q %q %q %v",
				tt.args, o.pkg, o.args, o.addr, time.Duration(o.poll), tt.pkg, tt.app, tt.addr, tt.poll)
		}
	}
}

func TestParseArgsErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--adr", "x"}, "run: unknown flag --adr (did you mean --addr?)"},
		{[]string{"--zzzzzzzz"}, "run: unknown flag --zzzzzzzz; the flags are --addr, --app-addr, --app-tls, --build-flags, --debounce, --env, " +
			"--env-file, --exclude, --generate, --grace, --inspect-timeout, --no-browser-reload, --no-inspect, --no-keys, --optimize, --pin, --poll, --quiet, --reload, --signal, --tags, --tls, --trust, --trusted-host, --verbose, --watch"},
		{[]string{"--verb"}, "run: unknown flag --verb (did you mean --verbose?)"},
		{[]string{"--poll=abc"}, `run: --poll "abc": want a polling interval such as 200ms, or --poll alone for 500ms`},
		{[]string{"--quiet=maybe"}, `run: --quiet "maybe": want true or false`},
		{[]string{"--debounce", "soon"}, `run: --debounce "soon": want a duration such as 2s or 300ms`},
		{[]string{"--trust", "lan"}, `run: --trust "lan": want an address such as 192.168.1.7 or a network such as 192.168.1.0/24`},
		{[]string{"--addr"}, "run: --addr needs a value"},
		{[]string{"a", "b"}, "run: more than one package (a and b); put the app's arguments after --"},
	}
	for _, tt := range tests {
		var o options
		_, err := o.parseArgs(o.flagSet(), tt.args)
		if err == nil || err.Error() != tt.want {
			t.Errorf("parseArgs(%q) error = %v, want %q", tt.args, err, tt.want)
		}
	}
}

func TestApplyConfig(t *testing.T) {
	tests := []struct {
		toml, flags []string
		check       func(o *options) bool
		wantErr     string
	}{
		{[]string{`addr = ":1"`, `exclude = ["a", "b"]`, `env = { B = "2", A = "1" }`}, nil, func(o *options) bool {
			return o.addr == ":1" && slices.Equal(o.exclude, []string{"a", "b"}) && slices.Equal(o.env, []string{"A=1", "B=2"})
		}, ""},
		{[]string{`addr = ":1"`, `watch = ["x"]`}, []string{"--addr", ":2", "--watch", "y"}, func(o *options) bool {
			return o.addr == ":2" && slices.Equal(o.watch, []string{"y"})
		}, ""},
		{[]string{`package = "./cmd/a"`, `args = ["-v"]`, `poll = true`}, nil, func(o *options) bool {
			return o.pkg == "./cmd/a" && slices.Equal(o.args, []string{"-v"}) && time.Duration(o.poll) == defaultPoll
		}, ""},
		{[]string{`optimize = true`}, nil, func(o *options) bool { return o.optimize }, ""},
		{nil, []string{"--optimize"}, func(o *options) bool { return o.optimize }, ""},
		{[]string{`debounce = "1x"`}, nil, nil, `devserve.toml: debounce = "1x": want a duration such as 2s or 300ms`},
		{[]string{`[build]`, `tags = "dev"`}, nil, nil, `devserve.toml: unknown key "build" (did you mean "build-flags"?)`},
		{[]string{`adr = ":1"`}, nil, nil, `devserve.toml: unknown key "adr" (did you mean "addr"?)`},
		{[]string{`packge = "x"`}, nil, nil, `devserve.toml: unknown key "packge" (did you mean "package"?)`},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		text := ""
		for _, l := range tt.toml {
			text += l + "\n"
		}
		if err := os.WriteFile(filepath.Join(dir, configName), []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
		var o options
		fs := o.flagSet()
		set, err := o.parseArgs(fs, tt.flags)
		if err == nil {
			err = o.applyConfig(dir, fs, set)
		}
		switch {
		case tt.wantErr != "":
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("applyConfig(%q) error = %v, want %q", tt.toml, err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("applyConfig(%q): %v", tt.toml, err)
		case !tt.check(&o):
			t.Errorf("applyConfig(%q) with flags %q = %+v, not as wanted", tt.toml, tt.flags, o)
		}
	}
}

func TestReadEnvFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), ".env")
	text := "# comment\n\nA=1\nexport B = \"two words\"\nC='x=y'\n"
	if err := os.WriteFile(name, []byte(text), 0o666); err != nil {
		t.Fatal(err)
	}
	got, err := readEnvFile(name)
	want := []string{"A=1", "B=two words", "C=x=y"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("readEnvFile(%q) = %q, %v, want %q", text, got, err, want)
	}
}

func TestSuggestion(t *testing.T) {
	tests := []struct{ name, want string }{
		{"adr", "addr"},
		{"no-browser-reloda", "no-browser-reload"},
		{"verbos", "verbose"},
		{"quite", "quiet"},  // a swap is one edit
		{"verb", "verbose"}, // a prefix
		{"build", "build-flags"},
		{"completely-different", ""},
		{"bogus", ""}, // three edits from tags
		{"port", ""},  // two edits from poll: too many for four letters
		{"server", ""},
		{"ab", ""},
	}
	names := []string{"addr", "app-addr", "build-flags", "no-browser-reload", "poll", "quiet", "tags", "verbose"}
	for _, tt := range tests {
		if got := closest(tt.name, names); got != tt.want {
			t.Errorf("closest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"run", "run", 0}, {"rnu", "run", 1},
		{"adr", "addr", 1}, {"build", "quiet", 3}, {"bogus", "tags", 3}, {"port", "poll", 2},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestExposure(t *testing.T) {
	tests := []struct{ addr, want string }{
		{"127.0.0.1:8080", ""},
		{"[::1]:8080", ""},
		{"0.0.0.0:8080", "all interfaces"},
		{"[::]:8080", "all interfaces"},
		{":8080", "all interfaces"},
		{"192.168.1.5:8080", "192.168.1.5"},
		{"[fd00::5]:8080", "fd00::5"},
	}
	for _, tt := range tests {
		if got := exposure(tt.addr); got != tt.want {
			t.Errorf("exposure(%q) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

func TestTrustFlag(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--trust", "192.168.1.7"}, "192.168.1.7/32"},
		{[]string{"--trust", "10.1.0.0/16", "--trust", "::1"}, "10.1.0.0/16,::1/128"},
		{[]string{"--trust", "lan"}, "error"},
	}
	for _, tt := range tests {
		var o options
		_, err := o.parseArgs(o.flagSet(), tt.args)
		got := o.trust.String()
		if err != nil {
			got = "error"
		}
		if got != tt.want {
			t.Errorf("parseArgs(%q).trust = %s, want %s", tt.args, got, tt.want)
		}
	}
}
