package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	if err := devserve(); err != nil {
		fmt.Fprintln(os.Stderr, "devserve:", message(err))
		os.Exit(exitCode(err))
	}
}

// exitCode returns the status devserve exits with after err: 2 for a
// mistake in how it was called, 1 for anything else.
func exitCode(err error) int {
	var u *usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

// message returns err's text as the terminal shows it: without the names
// of devserve's packages that start its parts ("reloader: "), which mean
// nothing to a user of the command. It is the one place they go.
func message(err error) string {
	parts := strings.Split(err.Error(), ": ")
	kept := parts[:0]
	for _, p := range parts {
		if !isPackageName(p) {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, ": ")
}

// isPackageName reports whether s names one of devserve's packages, as
// their errors begin.
func isPackageName(s string) bool {
	switch s {
	case "reloader", "proxy", "serving", "debugpage", "gocmd", "inspect":
		return true
	}
	return false
}

// devserve runs the command line of this process until it is done or
// interrupted; an interrupt, a SIGTERM or a closed terminal (SIGHUP) stops
// the app gracefully and is no error.
func devserve() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	return command(ctx, os.Args[1:], stdio{out: os.Stdout, err: os.Stderr})
}
