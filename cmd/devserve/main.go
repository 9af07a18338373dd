package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if err := devserve(); err != nil {
		fmt.Fprintln(os.Stderr, "devserve:", err)
		os.Exit(1)
	}
}

// devserve runs the command line of this process until it is done or
// interrupted; an interrupt, a SIGTERM or a closed terminal (SIGHUP) stops
// the app gracefully and is no error.
func devserve() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	return command(ctx, os.Args[1:], stdio{out: os.Stdout, err: os.Stderr})
}
