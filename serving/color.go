package serving

import (
	"io"
	"os"

	"github.com/fatih/color"
	"github.com/mattn/go-colorable"
	"github.com/mattn/go-isatty"
)

// palette holds the colors of one output. Each color is enabled or
// disabled explicitly, so fatih/color's package-level switch plays no part.
type palette struct {
	on bool // colors are enabled

	warning *color.Color // the development-server warning: bold red
	notice  *color.Color // the all-interfaces warning: red
	quit    *color.Color // "Press CTRL+C to quit": yellow

	// By status class of the request log.
	info, redirect, notModified, notFound, clientError, serverError *color.Color
}

// newPalette returns the colors for w under mode, and the writer to print
// them to: on Windows consoles that is a translating wrapper around w.
func newPalette(w io.Writer, mode ColorMode) (palette, io.Writer) {
	on := useColor(w, mode)
	mk := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	p := palette{
		on:          on,
		warning:     mk(color.FgRed, color.Bold),
		notice:      mk(color.FgRed),
		quit:        mk(color.FgYellow),
		info:        mk(color.Bold),
		redirect:    mk(color.FgGreen),
		notModified: mk(color.FgCyan),
		notFound:    mk(color.FgYellow),
		clientError: mk(color.FgRed, color.Bold),
		serverError: mk(color.FgMagenta, color.Bold),
	}
	if f, ok := w.(*os.File); ok && on {
		w = colorable.NewColorable(f)
	}
	return p, w
}

// useColor reports whether output to w is colored under mode.
func useColor(w io.Writer, mode ColorMode) bool {
	switch mode {
	case ColorAlways:
		return true
	case ColorNever:
		return false
	}
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// forStatus returns the color of a request-log line for an HTTP status
// code, or nil for plain text (2xx, and responses that were never sent).
func (p palette) forStatus(code int) *color.Color {
	switch {
	case code == 304:
		return p.notModified
	case code == 404:
		return p.notFound
	case code >= 500:
		return p.serverError
	case code >= 400:
		return p.clientError
	case code >= 300:
		return p.redirect
	case code >= 100 && code < 200:
		return p.info
	}
	return nil
}
