package reloader

import "slices"

// srcDir is what a watch set holds of one directory of sources.
type srcDir struct {
	names []string // base names of the files a build reads here, sorted, each once
	pkg   bool     // a package directory: a new source file here means a rebuild
	embed bool     // holds embedded files: any new file here means a rebuild
}

// has reports whether name is one of the files a build reads here.
func (sd *srcDir) has(name string) bool {
	_, ok := slices.BinarySearch(sd.names, name)
	return ok
}

// insert adds name, keeping the names sorted. Names added in order, as go
// list lists them, are appended.
func (sd *srcDir) insert(name string) {
	if n := len(sd.names); n == 0 || sd.names[n-1] < name {
		sd.names = append(sd.names, name)
		return
	}
	if i, ok := slices.BinarySearch(sd.names, name); !ok {
		sd.names = slices.Insert(sd.names, i, name)
	}
}

// merge adds what o holds to sd. The merged names are a new slice: o's
// are left as they are.
func (sd *srcDir) merge(o *srcDir) {
	sd.pkg = sd.pkg || o.pkg
	sd.embed = sd.embed || o.embed
	if len(o.names) == 0 {
		return
	}
	a, b := sd.names, o.names
	merged := make([]string, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			merged, a = append(merged, a[0]), a[1:]
		case b[0] < a[0]:
			merged, b = append(merged, b[0]), b[1:]
		default:
			merged, a, b = append(merged, a[0]), a[1:], b[1:]
		}
	}
	merged = append(append(merged, a...), b...)
	sd.names = slices.Clip(merged)
}
