package main

import "time"

// user is one account of the app.
type user struct {
	Name    string
	Email   string
	Visits  int
	Seen    time.Time
	Friends []string
}

// lookup finds a user by id.
func lookup(id string) (user, bool) {
	return user{Name: id}, id != ""
}

// remember records a visit.
func remember(u *user, addr string) {
	u.Visits++
	u.Seen = time.Now()
	u.Addr = addr
}
