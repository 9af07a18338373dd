// Command crowded is a web app halfway through an edit: its user type
// changed and most of the code that used it no longer builds.
package main

import (
	"fmt"
	"net/http"
	"strings"
)

// profile writes a user's page.
func profile(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	u, ok := lookup(id)
	if !ok {
		http.Error(w, "no user "+id, http.StatusNotFound)
		return
	}
	title := strings.ToTitle(u.FullName)
	fmt.Fprintf(w, "<h1>%s</h1>", title)
	fmt.Fprintf(w, "<p>%s</p>", u.Mail)
	var visits string = u.Visits
	fmt.Fprintf(w, "<p>%s visits, last %s</p>", visits, u.LastSeen.Format(time.Kitchen))
	for _, f := range u.Friends {
		fmt.Fprintf(w, "<li>%s</li>", f.Name)
	}
	if u.Admin {
		fmt.Fprint(w, adminLinks)
	}
	var n int = len(u.Friends) + u.Visits.Count
	fmt.Fprintf(w, "<p>%d in all</p>", n, u.Total)
	remember(u, r.RemoteAddr)
	return u
}

// settings writes the settings form, on one long line as a template
// literal often is.
//
// It reads the user's theme, which the user type no longer has.
func settings(w http.ResponseWriter, r *http.Request) {
	u, _ := lookup(r.FormValue("id"))
	fmt.Fprintf(w, `<form method="post"><select name="theme"><option>light</option><option>dark</option></select><input type="hidden" name="id" value="%s"><button>Save</button></form>`, u.Name, u.Theme)
}

// main serves the two pages.
//
// It listens on every interface, port 8080.
func main() {
	http.HandleFunc("/profile", profile)
	http.HandleFunc("/settings", settings)
	http.ListenAndServe(":8080", nill)
}
