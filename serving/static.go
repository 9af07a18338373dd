package serving

import (
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
)

// static serves the files of its mounts and sends every other request to
// next, the way Werkzeug's SharedDataMiddleware does: a GET or HEAD under
// a mount's prefix that names a file in its directory gets the file, with
// ETag and Last-Modified; anything else, including a file not found, goes
// to the app.
type static struct {
	mounts []mount
	next   http.Handler
}

// mount is a Mount ready to serve.
type mount struct {
	prefix  string // always starts and ends with "/"
	dir     string
	listing bool
}

// newStatic returns next behind mounts, or next itself if there are none.
// Every directory must exist.
func newStatic(mounts []Mount, next http.Handler) (http.Handler, error) {
	if len(mounts) == 0 {
		return next, nil
	}
	s := &static{next: next}
	for _, m := range mounts {
		fi, err := os.Stat(m.Dir)
		if err != nil {
			return nil, fmt.Errorf("serving: static files for %s: %w", m.Prefix, err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("serving: static files for %s: %s is not a directory", m.Prefix, m.Dir)
		}
		s.mounts = append(s.mounts, mount{prefix: cleanPrefix(m.Prefix), dir: m.Dir, listing: m.Listing})
	}
	return s, nil
}

// cleanPrefix returns prefix cleaned, with leading and trailing slashes.
func cleanPrefix(prefix string) string {
	p := path.Clean("/" + prefix)
	if p == "/" {
		return p
	}
	return p + "/"
}

// ServeHTTP serves r from the first mount that has its file, or from next.
func (s *static) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		clean := path.Clean("/" + r.URL.Path)
		for _, m := range s.mounts {
			if name, ok := m.match(clean); ok && m.serve(w, r, clean, name) {
				return
			}
		}
	}
	s.next.ServeHTTP(w, r)
}

// match returns the slash-separated name, relative to m's directory, of
// the cleaned URL path clean, and whether clean is under m's prefix.
func (m *mount) match(clean string) (string, bool) {
	if clean+"/" == m.prefix {
		return ".", true
	}
	name, ok := strings.CutPrefix(clean, m.prefix)
	if name == "" {
		name = "."
	}
	return name, ok
}

// serve serves name from m's directory and reports whether it did; it did
// not if there is no such file, or it is a directory with no index.html
// and listings are off. The directory is opened as an os.Root for each
// request, so nothing outside it (not even through a symbolic link) can be
// reached, and a directory rebuilt while the server runs is picked up.
func (m *mount) serve(w http.ResponseWriter, r *http.Request, clean, name string) bool {
	root, err := os.OpenRoot(m.dir)
	if err != nil {
		return false
	}
	defer root.Close()
	fsys := root.FS()
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return false
	}
	if fi.IsDir() {
		return m.serveDir(w, r, fsys, clean, name)
	}
	setETag(w, fi)
	serveName(w, r, fsys, name)
	return true
}

// serveDir serves the directory name: its index.html, else a listing if
// m allows it. A directory's URL must end in a slash, so that relative
// links in its page work; other URLs are redirected there.
func (m *mount) serveDir(w http.ResponseWriter, r *http.Request, fsys fs.FS, clean, name string) bool {
	index, err := fs.Stat(fsys, path.Join(name, "index.html"))
	if err != nil && !m.listing {
		return false
	}
	if !strings.HasSuffix(r.URL.Path, "/") {
		target := clean + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return true
	}
	if index != nil {
		setETag(w, index)
	}
	serveName(w, r, fsys, name)
	return true
}

// serveName serves the file or directory name of fsys through
// http.FileServerFS, which handles Range, If-Modified-Since,
// If-None-Match, content types and listings.
func serveName(w http.ResponseWriter, r *http.Request, fsys fs.FS, name string) {
	r2 := new(http.Request)
	*r2 = *r
	u := *r.URL
	u.Path = "/"
	if name != "." {
		u.Path += name
		if strings.HasSuffix(r.URL.Path, "/") {
			u.Path += "/"
		}
	}
	u.RawPath = ""
	r2.URL = &u
	http.FileServerFS(fsys).ServeHTTP(w, r2)
}

// setETag sets a strong validator made of a file's size and modification
// time, as web servers commonly do; http.ServeContent answers
// If-None-Match with it.
func setETag(w http.ResponseWriter, fi fs.FileInfo) {
	tag := `"` + strconv.FormatInt(fi.ModTime().UnixNano(), 16) + "-" + strconv.FormatInt(fi.Size(), 16) + `"`
	w.Header().Set("Etag", tag)
}
