package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/devserve/devserve/serving"
)

// helloHandler is the handler the serving benchmark serves both ways.
var helloHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte("hello\n"))
})

// runServing measures requests per second of a hello handler served by
// serving.Run, with its request log written to a file and its debugger
// on, and by bare
// net/http, with the same client and concurrency, alternating the two in
// one run, and prints the ratio.
func runServing(args []string) error {
	fs := flag.NewFlagSet("serving", flag.ContinueOnError)
	conc := fs.Int("c", 16, "concurrent clients")
	// Many short rounds spread both servers evenly over the swings of a
	// shared machine's load.
	round := fs.Duration("d", 500*time.Millisecond, "duration of one round")
	rounds := fs.Int("rounds", 16, "rounds of each (net/http, serving), alternated")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the serving rounds to `file`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Printf("serving benchmark: hello handler, %d clients, %d rounds of %v each, alternated; request log to a file, debugger on\n", *conc, *rounds, *round)
	res, err := measureServing(*conc, *round, *rounds, *cpuProfile, os.Stdout)
	if err != nil {
		return err
	}
	b, s := res.bare, res.serving
	fmt.Printf("net/http: %v\n", b)
	fmt.Printf("serving:  %v\n", s)
	fmt.Printf("ratio serving/net/http: %.2f× overall, %.2f× median of rounds (target ≥ 0.90×)\n", s.rate()/b.rate(), median(res.paired))
	fmt.Printf("request log: %d lines, %d bytes, for %d requests served\n", res.logLines, res.logBytes, s.n)
	return res.check()
}

// servingResult is what the serving benchmark measured.
type servingResult struct {
	conc               int
	round              time.Duration
	rounds             int
	bare, serving      *load
	paired             []float64 // serving/net/http of each round
	logLines, logBytes int
}

// measureServing serves the hello handler both ways and hammers each in
// turn, rounds times, writing each round's figures to out.
func measureServing(conc int, round time.Duration, rounds int, cpuProfile string, out io.Writer) (*servingResult, error) {
	bareAddr, stopBare, err := startBare()
	if err != nil {
		return nil, err
	}
	defer stopBare()
	logFile, err := os.CreateTemp("", "devserve-bench-log-")
	if err != nil {
		return nil, err
	}
	defer os.Remove(logFile.Name())
	defer logFile.Close()
	servingAddr, stopServing, err := startServing(logFile)
	if err != nil {
		return nil, err
	}

	res := &servingResult{conc: conc, round: round, rounds: rounds}
	res.bare, res.serving, res.paired, err = alternate(
		target{"net/http", "http://" + bareAddr + "/"}, target{"serving", "http://" + servingAddr + "/"},
		conc, round, rounds, cpuProfile, out)
	if err != nil {
		stopServing()
		return nil, err
	}
	if err := stopServing(); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(logFile.Name())
	if err != nil {
		return nil, err
	}
	res.logLines, res.logBytes = bytes.Count(b, []byte("\n")), len(b)
	return res, nil
}

// check checks that the request log holds a line for every request the
// serving rounds completed, and that no request failed.
func (res *servingResult) check() error {
	switch {
	case res.logLines < res.serving.n:
		return fmt.Errorf("request log has %d lines for %d requests", res.logLines, res.serving.n)
	case res.bare.errors+res.serving.errors > 0:
		return errors.New("some requests failed")
	}
	return nil
}

// section returns the serving rows.
func (res *servingResult) section() section {
	b, s := res.bare, res.serving
	r := s.rate() / b.rate()
	return section{
		name:  "serving",
		about: fmt.Sprintf("hello handler, serving.Run (request log to a file, debugger) vs bare net/http, %d clients, %d alternated rounds of %v each", res.conc, res.rounds, res.round),
		rows: []row{
			{figure: "net/http / serving.Run", value: fmt.Sprintf("%.0f / %.0f req/s", b.rate(), s.rate())},
			{figure: "ratio serving/net/http, overall", value: fmt.Sprintf("%.2f×", r), target: "≥ 0.90×", met: check(r >= 0.9)},
			{figure: "ratio serving/net/http, median of rounds", value: fmt.Sprintf("%.2f×", median(res.paired))},
			{figure: "request log lines for requests served, failed requests", value: fmt.Sprintf("%d for %d, %d failed", res.logLines, s.n, b.errors+s.errors),
				target: "a line each, 0 failed", met: check(res.check() == nil), strict: true},
		},
	}
}

// startBare serves helloHandler with a bare http.Server on a loopback
// port and returns its address and a function that stops it.
func startBare() (addr string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: helloHandler}
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(ln)
	}()
	return ln.Addr().String(), func() { srv.Close(); <-done }, nil
}

// startServing serves helloHandler with serving.Run on a loopback port,
// logging requests to logFile, with the debugger, and returns its address
// and a function that stops it and returns Run's result.
func startServing(logFile io.Writer) (addr string, stop func() error, err error) {
	ctx, cancel := context.WithCancel(context.Background())
	listening := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- serving.Run(ctx, "127.0.0.1:0", helloHandler,
			serving.WithOutput(io.Discard),
			serving.WithLog(logFile),
			serving.WithDebugger(),
			serving.WithOnListen(func(a net.Addr) { listening <- a }))
	}()
	select {
	case a := <-listening:
		return a.String(), func() error { cancel(); return <-done }, nil
	case err := <-done:
		cancel()
		return "", nil, err
	}
}
