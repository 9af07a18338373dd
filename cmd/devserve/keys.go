package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
)

// keyHelp is what ? prints.
const keyHelp = `keys: r rebuild and restart · o open the browser · c clear the screen · q quit · ? this list`

// keyActions are what the keys of devserve run do.
type keyActions struct {
	restart func()       // r
	open    func() error // o
	quit    func()       // q
	out     io.Writer    // where c clears and ? and errors print
}

// readKeys reads single keys from in until it ends or ctx is done, and
// acts on each. Keys it does not know are ignored.
func readKeys(ctx context.Context, in io.Reader, a keyActions) {
	br := bufio.NewReader(in)
	for ctx.Err() == nil {
		b, err := br.ReadByte()
		if err != nil {
			return
		}
		a.key(b)
	}
}

// key acts on one key.
func (a keyActions) key(b byte) {
	switch b {
	case 'r', 'R':
		a.restart()
	case 'o', 'O':
		if err := a.open(); err != nil {
			fmt.Fprintf(a.out, "devserve: could not open the browser: %v\n", err)
		}
	case 'c', 'C':
		io.WriteString(a.out, "\033[H\033[2J")
	case 'q', 'Q':
		a.quit()
	case '?', 'h':
		fmt.Fprintln(a.out, keyHelp)
	}
}

// startKeys turns on the keys when stdin is a terminal that devserve
// holds in the foreground, putting it in a mode that passes keys at once,
// unechoed, and returns the function that restores the terminal's mode.
// It returns nil when the keys stay off.
func startKeys(ctx context.Context, a keyActions) (restore func()) {
	restore, err := singleKeys(os.Stdin)
	if err != nil {
		return nil
	}
	go readKeys(ctx, os.Stdin, a) // ends with the process: a read of a terminal cannot be interrupted
	return restore
}

// start starts cmd and reaps it when it ends.
func start(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}
