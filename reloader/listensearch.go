package reloader

import "time"

// adoptAfter is how long an app must listen on one other port, while its
// own address stays closed, to be adopted there; askAfter is how long it
// must listen on several for the engine to ask which.
const (
	adoptAfter = 250 * time.Millisecond
	askAfter   = time.Second
)

// listenSearch follows a starting app that does not accept connections
// on its own address yet, from the other addresses it listens on, one
// per port, to a verdict: adopt the only one, or report the app as not
// listening (with the addresses when there are several, or at the
// readiness timeout). Its methods do no I/O and read no clock: the
// readiness goroutine looks at the app and hands each look to look.
type listenSearch struct {
	adopt    bool      // another address may be adopted: the engine chose the app's
	deadline time.Time // when the app is reported not listening anyway

	one      string    // the only other address at the last look; "" if none
	oneSince time.Time // since when it is
	many     time.Time // since when there are several; zero if not
	reported bool      // the app was reported not listening: only an adoption is left
}

// verdict is what a look at the app concludes.
type verdict struct {
	kind   verdictKind
	addr   string   // verdictAdopt: where the app listens
	others []string // verdictNotListening: where it listens instead
}

// verdictKind says what the readiness goroutine is to do.
type verdictKind int

const (
	verdictWait         verdictKind = iota // look again
	verdictAdopt                           // use addr: the app listens there and only there
	verdictNotListening                    // report the app, then keep looking for it
)

// look takes a look at time now at the other addresses the app listens
// on, its own still closed.
func (s *listenSearch) look(now time.Time, others []string) verdict {
	switch {
	case !s.adopt || len(others) != 1:
		s.one = ""
	case others[0] != s.one:
		s.one, s.oneSince = others[0], now
	}
	if len(others) < 2 {
		s.many = time.Time{}
	} else if s.many.IsZero() {
		s.many = now
	}
	switch {
	case s.one != "" && now.Sub(s.oneSince) >= adoptAfter:
		return verdict{kind: verdictAdopt, addr: s.one}
	case s.reported:
		return verdict{}
	case s.adopt && !s.many.IsZero() && now.Sub(s.many) >= askAfter, !now.Before(s.deadline):
		s.reported = true
		return verdict{kind: verdictNotListening, others: others}
	}
	return verdict{}
}
