package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/reloader"
)

// options are the settings of devserve run, from its flags and from
// devserve.toml.
type options struct {
	addr           string
	appAddr        string
	appTLS         bool
	buildFlags     string
	tags           string
	optimize       bool
	noInspect      bool
	inspectTimeout time.Duration
	pin            bool
	watch          listFlag
	reload         listFlag
	exclude        listFlag
	poll           pollFlag
	debounce       time.Duration
	grace          time.Duration
	signal         string
	noReload       bool
	tls            string
	env            listFlag
	envFile        string
	quiet          bool
	verbose        bool
	noKeys         bool
	trust          trustFlag
	hosts          listFlag

	processes []reloader.Process // devserve.toml's [[process]] tables
	generate  generateFlag       // --generate, or devserve.toml's [[generate]] tables

	pkg  string   // the main package; "" to find it
	args []string // the app's arguments, after --
}

// defaultPoll is the polling interval of a bare --poll.
const defaultPoll = 500 * time.Millisecond

// flagSet returns the flags of devserve run, bound to o.
func (o *options) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("devserve run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.addr, "addr", "localhost:8080", "the public `address` to serve on")
	fs.StringVar(&o.appAddr, "app-addr", "", "the `address` the app listens on, for apps that ignore $PORT")
	fs.BoolVar(&o.appTLS, "app-tls", false, "speak TLS to the app (found out by itself for an app that answers TLS)")
	fs.StringVar(&o.buildFlags, "build-flags", "", "extra `flags` for go build, e.g. \"-race -ldflags=-s\"")
	fs.StringVar(&o.tags, "tags", "", "comma-separated build `tags`")
	fs.BoolVar(&o.optimize, "optimize", false, "build as go build does, without -N -l for the main module (locals and console lose most values)")
	fs.Var(&o.watch, "watch", "also restart when files matching `glob` change (repeatable)")
	fs.Var(&o.reload, "reload", "only reload the browser when files matching `glob` change: no build, no restart (repeatable)")
	fs.Var(&o.generate, "generate", "run `GLOB=COMMAND` before building when files matching GLOB change, e.g. '**/*.templ=templ generate' (repeatable)")
	fs.Var(&o.exclude, "exclude", "ignore changes to files matching `glob` (repeatable)")
	fs.Var(&o.poll, "poll", "watch by polling, every `interval` (default 500ms when given bare)")
	fs.DurationVar(&o.debounce, "debounce", 50*time.Millisecond, "wait this `duration` after the last change before building")
	fs.DurationVar(&o.grace, "grace", 5*time.Second, "the `duration` the app has to stop before it is killed")
	fs.StringVar(&o.signal, "signal", "TERM", "the `signal` that asks the app to stop")
	fs.BoolVar(&o.noInspect, "no-inspect", false, "do not inspect the frames of panics: pages show no locals and no console")
	fs.BoolVar(&o.pin, "pin", false, "guard the console of panic pages with a PIN printed here (DEVSERVE_DEBUG_PIN sets one, or off)")
	fs.DurationVar(&o.inspectTimeout, "inspect-timeout", 1500*time.Millisecond, "the longest `duration` the app may be stopped to inspect a panic's frames")
	fs.BoolVar(&o.noReload, "no-browser-reload", false, "do not add the live-reload script to HTML pages")
	fs.StringVar(&o.tls, "tls", "", "serve HTTPS: \"adhoc\" for a self-signed certificate, or `CERT,KEY` files")
	fs.Var(&o.env, "env", "set `KEY=VALUE` in the app's environment (repeatable)")
	fs.StringVar(&o.envFile, "env-file", "", "read the app's environment from `file` (KEY=VALUE lines)")
	fs.Var(&o.trust, "trust", "also show debug pages to clients at `address` or in a CIDR network (repeatable)")
	fs.Var(&o.hosts, "trusted-host", "also serve devserve's pages under host `name`; .name allows its subdomains (repeatable)")
	fs.BoolVar(&o.quiet, "quiet", false, "print only errors")
	fs.BoolVar(&o.verbose, "verbose", false, "print every step and the watch set")
	fs.BoolVar(&o.noKeys, "no-keys", false, "do not read keys (r, o, c, q, ?) from the terminal")
	return fs
}

// errHelp is returned by parseArgs when -h was given and usage printed.
var errHelp = errors.New("help requested")

// parseArgs parses the command line of devserve run: flags, at most one
// package (flags may follow it), and the app's arguments after "--". It
// returns the names of the flags given.
func (o *options) parseArgs(fs *flag.FlagSet, args []string) (map[string]bool, error) {
	if i := slices.Index(args, "--"); i >= 0 {
		args, o.args = args[:i], append([]string{}, args[i+1:]...)
	}
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return nil, flagError(fs, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if o.pkg != "" {
			return nil, usagef("run: more than one package (%s and %s); put the app's arguments after --", o.pkg, args[0])
		}
		o.pkg, args = args[0], args[1:]
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set, nil
}

// flagError rewords the flag package's errors in the command's own
// terms: flags with two dashes, the closest flag to an unknown one (or
// all of them), and what a value must be.
func flagError(fs *flag.FlagSet, err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return errHelp
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return unknownFlag(fs, strings.TrimLeft(name, "-"))
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return usagef("run: --%s needs a value", strings.TrimLeft(name, "-"))
	}
	if name, value, why, ok := badValue(msg); ok && fs.Lookup(name) != nil {
		return usagef("run: --%s %q: %s", name, value, wants(fs.Lookup(name), why))
	}
	return usagef("run: %s", msg)
}

// unknownFlag is the error for --name, which fs does not define.
func unknownFlag(fs *flag.FlagSet, name string) error {
	names := flagNames(fs)
	if best := closest(name, names); best != "" {
		return usagef("run: unknown flag --%s (did you mean --%s?)", name, best)
	}
	return usagef("run: unknown flag --%s; the flags are --%s", name, strings.Join(names, ", --"))
}

// badValue parses the flag package's `invalid value "v" for flag -name:
// why` and its `invalid boolean value "v" for -name: why`.
func badValue(msg string) (name, value, why string, ok bool) {
	rest, ok := strings.CutPrefix(msg, "invalid value ")
	if !ok {
		rest, ok = strings.CutPrefix(msg, "invalid boolean value ")
	}
	quoted, err := strconv.QuotedPrefix(rest)
	if !ok || err != nil {
		return "", "", "", false
	}
	value, _ = strconv.Unquote(quoted)
	rest = rest[len(quoted):]
	if rest, ok = strings.CutPrefix(rest, " for flag -"); !ok {
		rest, ok = strings.CutPrefix(rest, " for -")
	}
	name, why, found := strings.Cut(rest, ": ")
	return name, value, why, ok && found
}

// wants returns why, the error of setting f, or for the flag package's
// own "parse error" what f takes.
func wants(f *flag.Flag, why string) string {
	g, ok := f.Value.(flag.Getter)
	if why != "parse error" || !ok {
		return why
	}
	switch g.Get().(type) {
	case bool:
		return "want true or false"
	case time.Duration:
		return "want a duration such as 2s or 300ms"
	}
	return why
}

// flagNames returns the names of fs's flags.
func flagNames(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

// printRunUsage prints the usage of devserve run with every flag and its
// default.
func printRunUsage(w io.Writer) error {
	var o options
	fs := o.flagSet()
	var b strings.Builder
	b.WriteString("Usage: devserve run [flags] [package] [-- app arguments...]\n\n")
	b.WriteString("Builds and runs a main package (default: . if it is one, else the only one\n")
	b.WriteString("under ./cmd/), rebuilds and restarts it on change, and serves it through a\n")
	b.WriteString("proxy at --addr. Every flag can also be set in devserve.toml at the module\n")
	b.WriteString("root, under the same name; flags win.\n\nFlags:\n")
	fs.VisitAll(func(f *flag.Flag) {
		arg, text := flag.UnquoteUsage(f)
		if _, isBool := f.Value.(interface{ IsBoolFlag() bool }); isBool && arg == "" {
			fmt.Fprintf(&b, "  --%s\n", f.Name)
		} else if f.Name == "poll" {
			fmt.Fprintf(&b, "  --%s[=%s]\n", f.Name, arg)
		} else {
			fmt.Fprintf(&b, "  --%s %s\n", f.Name, arg)
		}
		fmt.Fprintf(&b, "    \t%s", text)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" && f.DefValue != "0s" {
			fmt.Fprintf(&b, " (default %s)", f.DefValue)
		}
		b.WriteString("\n")
	})
	_, err := io.WriteString(w, b.String())
	return err
}

// listFlag is a repeatable flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// trustFlag is --trust: addresses and networks whose clients see debug
// pages, beside loopback ones.
type trustFlag []netip.Prefix

func (t *trustFlag) String() string {
	s := make([]string, len(*t))
	for i, p := range *t {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

func (t *trustFlag) Set(s string) error {
	p, err := debugpage.ParseClients(s)
	if err != nil {
		return fmt.Errorf("want an address such as 192.168.1.7 or a network such as 192.168.1.0/24")
	}
	*t = append(*t, p)
	return nil
}

// pollFlag is --poll: bare, it polls every defaultPoll; with a value, at
// that interval; "false" or 0 turns polling off.
type pollFlag time.Duration

func (p *pollFlag) String() string {
	if *p == 0 {
		return ""
	}
	return time.Duration(*p).String()
}

func (p *pollFlag) Set(s string) error {
	switch s {
	case "true":
		*p = pollFlag(defaultPoll)
		return nil
	case "false":
		*p = 0
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return fmt.Errorf("want a polling interval such as 200ms, or --poll alone for %v", defaultPoll)
	}
	*p = pollFlag(d)
	return nil
}

func (p *pollFlag) IsBoolFlag() bool { return true }
