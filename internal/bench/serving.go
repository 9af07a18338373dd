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
	"slices"
	"time"

	"github.com/devserve/devserve/serving"
)

// helloHandler is the handler the serving benchmark serves both ways.
var helloHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte("hello\n"))
})

// runServing measures requests per second of a hello handler served by
// serving.Run, with its request log written to a file, and by bare
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
	bareAddr, stopBare, err := startBare()
	if err != nil {
		return err
	}
	defer stopBare()
	logFile, err := os.CreateTemp("", "devserve-bench-log-")
	if err != nil {
		return err
	}
	defer os.Remove(logFile.Name())
	defer logFile.Close()
	servingAddr, stopServing, err := startServing(logFile)
	if err != nil {
		return err
	}

	targets := []struct{ name, url string }{
		{"net/http", "http://" + bareAddr + "/"},
		{"serving", "http://" + servingAddr + "/"},
	}
	results := map[string]*load{"net/http": {}, "serving": {}}
	var paired []float64 // serving/net/http of each round
	fmt.Printf("serving benchmark: hello handler, %d clients, %d rounds of %v each, alternated; request log to a file\n", *conc, *rounds, *round)
	for i := range *rounds {
		rates := map[string]float64{}
		for j := range targets {
			t := targets[(i+j)%2] // ABBA: neither goes first every round
			stopProfile, err := profile(*cpuProfile, t.name == "serving")
			if err != nil {
				stopServing()
				return err
			}
			l, err := hammer(t.url, *conc, *round)
			stopProfile()
			if err != nil {
				stopServing()
				return fmt.Errorf("%s: %w", t.name, err)
			}
			fmt.Printf("  round %d %-8s %8.0f req/s  p50 %v  p99 %v  errors %d\n", i+1, t.name, l.rate(), l.quantile(0.5), l.quantile(0.99), l.errors)
			results[t.name].merge(l)
			rates[t.name] = l.rate()
		}
		paired = append(paired, rates["serving"]/rates["net/http"])
	}
	if err := stopServing(); err != nil {
		return err
	}
	b, s := results["net/http"], results["serving"]
	fmt.Printf("net/http: %8.0f req/s  p50 %v  p99 %v  errors %d\n", b.rate(), b.quantile(0.5), b.quantile(0.99), b.errors)
	fmt.Printf("serving:  %8.0f req/s  p50 %v  p99 %v  errors %d\n", s.rate(), s.quantile(0.5), s.quantile(0.99), s.errors)
	slices.Sort(paired)
	fmt.Printf("ratio serving/net/http: %.2f× overall, %.2f× median of rounds (target ≥ 0.90×)\n", s.rate()/b.rate(), paired[len(paired)/2])
	return checkLog(logFile.Name(), s.n, b.errors+s.errors)
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
// logging requests to logFile, and returns its address and a function
// that stops it and returns Run's result.
func startServing(logFile io.Writer) (addr string, stop func() error, err error) {
	ctx, cancel := context.WithCancel(context.Background())
	listening := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- serving.Run(ctx, "127.0.0.1:0", helloHandler,
			serving.WithOutput(io.Discard),
			serving.WithLog(logFile),
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

// checkLog checks that the request log holds a line for every request the
// serving rounds completed, and that no request failed.
func checkLog(name string, served, failed int) error {
	b, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	lines := bytes.Count(b, []byte("\n"))
	fmt.Printf("request log: %d lines, %d bytes, for %d requests served\n", lines, len(b), served)
	switch {
	case lines < served:
		return fmt.Errorf("request log has %d lines for %d requests", lines, served)
	case failed > 0:
		return errors.New("some requests failed")
	}
	return nil
}
