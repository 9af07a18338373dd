package proxy

import (
	"cmp"
	"context"
	"crypto/subtle"
	"log"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/internal/gocmd"
)

// fixPrefix is where the buttons of a page's fixes post.
const fixPrefix = ownPrefix + "fix/"

// fixTimeout bounds a fix's go command.
const fixTimeout = 2 * time.Minute

// goGetRE finds the packages the go command says to go get, after "no
// required module provides package P; to add it:" and "module M provides
// package P and is replaced but not required; to add it:".
var goGetRE = regexp.MustCompile(`to add it:\s*\n\s*go get (\S+)`)

// withFixes returns rep with the likely fixes of what it shows, for the
// failures Go developers meet every day; rep itself when it has none.
func (p *Proxy) withFixes(rep *debugpage.Report) *debugpage.Report {
	fixes := p.fixesFor(rep)
	if len(fixes) == 0 {
		return rep
	}
	c := *rep
	c.Fixes = append(fixes, rep.Fixes...)
	return &c
}

// fixesFor returns the fixes of rep: a go.sum without an entry the build
// needs, a package no module provides, concurrent map writes, an app not
// listening on $PORT.
func (p *Proxy) fixesFor(rep *debugpage.Report) []debugpage.Fix {
	if rep == nil {
		return nil
	}
	text := rep.Title + "\n" + rep.Message + "\n" + rep.Output
	var fixes []debugpage.Fix
	switch rep.Kind {
	case debugpage.KindBuild:
		if strings.Contains(text, "missing go.sum entry") || strings.Contains(text, "updates to go.mod needed") {
			fixes = append(fixes, p.goFix("Run go mod tidy",
				"go.mod or go.sum lacks what the build needs; go mod tidy adds it, and drops what nothing imports.",
				"tidy", "mod", "tidy"))
		}
		seen := map[string]bool{}
		for _, m := range goGetRE.FindAllStringSubmatch(text, -1) {
			if pkg := m[1]; !seen[pkg] {
				seen[pkg] = true
				fixes = append(fixes, p.goFix("Add "+pkg,
					"go.mod does not require the module that provides "+pkg+"; go get adds it.",
					"get?pkg="+url.QueryEscape(pkg), "get", pkg))
			}
		}
	case debugpage.KindCrash:
		if strings.Contains(text, "concurrent map writes") || strings.Contains(text, "concurrent map read and map write") {
			f := debugpage.Fix{Title: "Rebuild with the race detector",
				Detail:  "Two goroutines used a map at once. Built with -race, the app names both the next time it happens, with their stacks.",
				Command: "go build -race"}
			if p.OnRebuild != nil {
				f.Action = fixPrefix + "race"
			}
			fixes = append(fixes, f)
		}
	case debugpage.KindNotListening:
		fixes = append(fixes, debugpage.Fix{Title: "Listen on $PORT",
			Detail:  "devserve gives the app its address in $PORT; these two lines make it listen there (or run devserve with --app-addr set to the address it listens on).",
			Command: "addr := \"127.0.0.1:\" + os.Getenv(\"PORT\")\nlog.Fatal(http.ListenAndServe(addr, handler))"})
	}
	return fixes
}

// goFix returns a fix that runs the go command with args in the module
// root, at the action fixPrefix+action; advice only when the root is not
// known.
func (p *Proxy) goFix(title, detail, action string, args ...string) debugpage.Fix {
	f := debugpage.Fix{Title: title, Detail: detail, Command: "go " + strings.Join(args, " ")}
	if p.Root != "" {
		f.Action = fixPrefix + action
	}
	return f
}

// serveFix applies the fix of the current page that r posts to: from a
// trusted client, with the page's token, from no other origin's page. It
// answers with what the fix printed, in a page that reloads by itself once
// the app is back.
func (p *Proxy) serveFix(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method != http.MethodPost:
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "devserve: a fix is applied with POST", http.StatusMethodNotAllowed)
		return
	case !p.trust().Trusted(r):
		http.Error(w, "devserve: fixes are applied for clients on this machine and those --trust names only", http.StatusForbidden)
		return
	case !sameOrigin(r) || !p.fixTokenOK(r):
		http.Error(w, "devserve: a fix is applied from its page only (the page's token is missing or wrong)", http.StatusForbidden)
		return
	}
	st, _ := p.snapshot()
	fix, ok := p.currentFix(st.report, r.URL.RequestURI())
	if !ok {
		http.Error(w, "devserve: that fix no longer applies; reload the page", http.StatusConflict)
		return
	}
	p.writeReport(w, r, http.StatusOK, p.applyFix(r.Context(), fix))
}

// fixTokenOK reports whether r carries the page's token in its form.
func (p *Proxy) fixTokenOK(r *http.Request) bool {
	got := r.PostFormValue("token")
	return p.Token != "" && subtle.ConstantTimeCompare([]byte(got), []byte(p.Token)) == 1
}

// currentFix returns the fix of rep whose action is at uri: only a fix the
// page offers can be applied, with the arguments devserve gave it.
func (p *Proxy) currentFix(rep *debugpage.Report, uri string) (debugpage.Fix, bool) {
	for _, f := range p.fixesFor(rep) {
		if f.Action != "" && f.Action == uri {
			return f, true
		}
	}
	return debugpage.Fix{}, false
}

// applyFix applies fix and returns the report of what it did, which the
// terminal also gets.
func (p *Proxy) applyFix(ctx context.Context, fix debugpage.Fix) *debugpage.Report {
	rep := &debugpage.Report{Kind: debugpage.KindFix, Time: time.Now(), Title: "applied: " + fix.Command,
		Message: "devserve rebuilds the app when its go.mod and go.sum change; this page reloads by itself when it is back."}
	if fix.Action == fixPrefix+"race" {
		rep.Message = "devserve rebuilds the app with -race now; this page reloads by itself when it is back."
		p.OnRebuild("-race")
		cmp.Or(p.Log, log.Default()).Printf("devserve: fix from the page: rebuilding with -race")
		return rep
	}
	ctx, cancel := context.WithTimeout(ctx, fixTimeout)
	defer cancel()
	args := strings.Fields(strings.TrimPrefix(fix.Command, "go "))
	out, err := gocmd.Command(ctx, p.Root, nil, args...).CombinedOutput()
	rep.Output = strings.TrimSpace(string(out))
	if err != nil {
		rep.Title = fix.Command + " failed: " + err.Error()
		rep.Message = "Nothing else was changed."
	}
	cmp.Or(p.Log, log.Default()).Printf("devserve: fix from the page: %s in %s (%s)\n%s", fix.Command, p.Root, cmp.Or(rep.Title, "done"), rep.Output)
	return rep
}

// localsAdvice is, by the framework that recovered a panic (as
// reloader.Event.Framework names it), the recovery to take out and the
// code that serves the app through debugpage.Handler instead.
var localsAdvice = map[string]struct{ recovery, code string }{
	"":        {"net/http", "log.Fatal(http.ListenAndServe(addr, debugpage.Handler(mux)))"},
	"gin":     {"gin's Recovery middleware", "r := gin.New() // not gin.Default(), whose Recovery catches the panic first\nr.Use(gin.Logger())\n...\nlog.Fatal(http.ListenAndServe(addr, debugpage.Handler(r)))"},
	"chi":     {"chi's middleware.Recoverer", "// without r.Use(middleware.Recoverer)\nlog.Fatal(http.ListenAndServe(addr, debugpage.Handler(r)))"},
	"echo":    {"echo's Recover middleware", "// without e.Use(middleware.Recover())\nlog.Fatal(http.ListenAndServe(addr, debugpage.Handler(e)))"},
	"recover": {"the app's recovery middleware", "// without the recovery middleware\nlog.Fatal(http.ListenAndServe(addr, debugpage.Handler(handler)))"},
}

// withLocalsFix returns a copy of rep, the page of a handler panic that
// framework's recovery (net/http's when "") logged, with the fix that
// shows the next one's locals: by the time devserve reads such a log, the
// goroutine has gone on and its frames are gone.
func withLocalsFix(rep *debugpage.Report, framework string) *debugpage.Report {
	a, ok := localsAdvice[framework]
	if rep == nil || !ok {
		return rep
	}
	c := *rep
	c.Fixes = append(c.Fixes[:len(c.Fixes):len(c.Fixes)], debugpage.Fix{
		Title: "See the locals of the next panic",
		Detail: a.recovery + " recovered this panic and logged it, and its goroutine went on before devserve could read its frames. " +
			"A panic that reaches debugpage.Handler waits there while devserve reads them: its page shows every frame's arguments and locals, and a console. " +
			"Import github.com/devserve/devserve/debugpage (go get github.com/devserve/devserve adds it).",
		Command: a.code,
	})
	return &c
}
