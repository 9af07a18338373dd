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
// interrupted; an interrupt stops the app gracefully and is no error.
func devserve() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return command(ctx, os.Args[1:], stdio{out: os.Stdout, err: os.Stderr})
}
