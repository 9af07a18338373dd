package debugpage

import (
	"net/http"
	"sync"
)

// Inspection says how the frames of a panic were inspected.
type Inspection struct {
	// Note says, in one line, why the frames show no variables or what
	// may be wrong with them, and what would make it work; empty when
	// all went well.
	Note string `json:"note,omitempty"`
	// Token is the page's console token and Console the path its
	// requests go to, while the goroutine stays parked for the page.
	Token   string `json:"-"`
	Console string `json:"-"`
}

// panicking is a goroutine that panicked, parked in its deferred recover
// while another answers its request.
type panicking struct {
	gid      int64
	resumeGC func() // ends the pause of the collector that began with the panic
}

// recoverParked handles a panic under a supervisor that offers to
// inspect it. The panicking goroutine only captures its stack and waits:
// another goroutine makes the report, asks the supervisor and writes the
// page. This one's stack must not grow, which would move it, leaving its
// dead pointers (locals past their last use, to which the stack maps
// give no heed) pointing into the old stack; and the collector must not
// run, which would free and reuse what the dead pointers point to.
func (h *handler) recoverParked(v any, rw *responseWriter, r *http.Request, p peer) {
	pg := &panicking{resumeGC: h.gc.pause()}
	defer pg.resumeGC()
	c := newCapture(v, !h.d.NoGoroutines)
	pg.gid = goroutineID()
	abort := make(chan bool, 1)
	go func() { abort <- h.respond(c, rw, r, p, pg) }()
	if <-abort {
		panic(http.ErrAbortHandler)
	}
}

// inspect asks the supervisor for the variables of the frames of pg, if
// set, and puts them in rep. With console set the goroutine may stay
// parked for the page's console: then the parking returned is to be
// held once the page is sent.
func (h *handler) inspect(pg *panicking, rep *Report, console bool) *parking {
	if pg == nil {
		return nil
	}
	defer pg.resumeGC()
	p, err := h.sup.park(pg.gid, console)
	if err != nil {
		rep.Inspection = &Inspection{Note: err.Error()}
		return nil
	}
	rep.Inspection = &Inspection{Note: p.answer.Note}
	attachVars(rep, p.answer.Frames)
	findCulprit(rep)
	if p.answer.Token == "" {
		p.release()
		return nil
	}
	rep.Inspection.Token, rep.Inspection.Console = p.answer.Token, p.answer.Console
	return p
}

// attachVars gives the frames of rep's failing section the variables
// read from the same frames, matched in order by function and line.
func attachVars(rep *Report, vars []FrameVars) {
	if len(rep.Sections) == 0 {
		return
	}
	frames := rep.Sections[0].Frames
	next := 0
	for i := range frames {
		f := &frames[i]
		for j := next; j < len(vars); j++ {
			if v := &vars[j]; v.Function == f.Function && v.Line == f.Line {
				app := f.Kind == FrameApp
				f.Args, f.Locals = readable(v.Args, app), readable(v.Locals, app)
				f.VarsNote = varsNote(v, app)
				f.depth, f.inspected = v.Depth, true
				next = j + 1
				break
			}
		}
	}
}

// readable returns vars, without those that could not be read unless
// they are the app's: the library is built with optimizations, which
// lose variables as a matter of course.
func readable(vars []Var, app bool) []Var {
	if app {
		return vars
	}
	out := vars[:0:0]
	for _, v := range vars {
		if v.Error == "" {
			out = append(out, v)
		}
	}
	return out
}

// varsNote says what may be wrong with a frame's variables: for the
// app's frames, that they were built with optimizations.
func varsNote(v *FrameVars, app bool) string {
	switch {
	case v.Error != "":
		return "variables not read: " + v.Error
	case v.Optimized && app:
		return "built with optimizations: some variables may be missing or wrong (devserve run builds without them unless --optimize)"
	}
	return ""
}

// parkSet holds the goroutines parked for pages, to release them when
// their server shuts down.
type parkSet struct {
	mu      sync.Mutex // guards the fields below
	parked  map[*parking]bool
	servers map[*http.Server]bool // those a release on shutdown is registered with
}

// holdAfter sends what was written to w at once, then holds p until it
// is released or the server r came to shuts down.
func (ps *parkSet) holdAfter(p *parking, w http.ResponseWriter, r *http.Request) {
	if p == nil {
		return
	}
	_ = http.NewResponseController(w).Flush()
	ps.add(p, r)
	defer ps.remove(p)
	p.hold()
}

// add records p, and registers the release of every parked goroutine
// with the server of r on its first use.
func (ps *parkSet) add(p *parking, r *http.Request) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.parked == nil {
		ps.parked, ps.servers = make(map[*parking]bool), make(map[*http.Server]bool)
	}
	ps.parked[p] = true
	if srv, ok := r.Context().Value(http.ServerContextKey).(*http.Server); ok && !ps.servers[srv] {
		ps.servers[srv] = true
		srv.RegisterOnShutdown(ps.releaseAll)
	}
}

func (ps *parkSet) remove(p *parking) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	delete(ps.parked, p)
}

// releaseAll releases every parked goroutine: its server is shutting
// down, and would wait for their requests.
func (ps *parkSet) releaseAll() {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	for p := range ps.parked {
		p.release()
	}
}
