package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sync"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/proxy"
	"github.com/devserve/devserve/reloader"
)

// helloApp is the app the proxy benchmark serves: the smallest net/http
// program, listening where devserve tells it to.
const helloApp = `package main

import (
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello\n")) })
	http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), nil)
}
`

// runProxy measures requests per second of a hello app through devserve's
// proxy and directly, with the same client and concurrency, alternating
// the two in one run, and prints the ratio and the latency the proxy adds.
func runProxy(args []string) error {
	fs := flag.NewFlagSet("proxy", flag.ContinueOnError)
	conc := fs.Int("c", 6, "concurrent clients (6: what one browser opens to a host over HTTP/1.1)")
	// Many short rounds spread both sides evenly over the swings of a
	// shared machine's load; each round's pair gives one ratio.
	round := fs.Duration("d", time.Second, "duration of one round")
	rounds := fs.Int("rounds", 10, "rounds of each (direct, proxy), alternated")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the proxy rounds to `file`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Printf("proxy benchmark: hello app, %d clients, %d rounds of %v each, alternated\n", *conc, *rounds, *round)
	res, err := measureProxy(*conc, *round, *rounds, *cpuProfile, os.Stdout)
	if err != nil {
		return err
	}
	d, p := res.direct, res.proxy
	fmt.Printf("direct: %v\n", d)
	fmt.Printf("proxy:  %v\n", p)
	fmt.Printf("ratio proxy/direct: %.2f× overall, %.2f× median of rounds (target ≥ 0.50×)\n", p.rate()/d.rate(), median(res.paired))
	fmt.Printf("added p50 latency: %v\n", p.quantile(0.5)-d.quantile(0.5))
	if p.errors+d.errors > 0 {
		return errors.New("some requests failed")
	}
	return nil
}

// proxyResult is what the proxy benchmark measured, each side's rounds
// merged.
type proxyResult struct {
	conc          int
	round         time.Duration
	rounds        int
	direct, proxy *load
	paired        []float64 // each round's proxy/direct ratio
}

// measureProxy starts the hello app and a proxy in front of it, and
// hammers each in turn, rounds times, writing each round's figures to
// out.
func measureProxy(conc int, round time.Duration, rounds int, cpuProfile string, out io.Writer) (*proxyResult, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	appAddr, stop, err := startHello(ctx)
	if err != nil {
		return nil, err
	}
	defer stop()
	proxyAddr, closeProxy, err := startProxy(appAddr)
	if err != nil {
		return nil, err
	}
	defer closeProxy()

	res := &proxyResult{conc: conc, round: round, rounds: rounds}
	res.direct, res.proxy, res.paired, err = alternate(
		target{"direct", "http://" + appAddr + "/"}, target{"proxy", "http://" + proxyAddr + "/"},
		conc, round, rounds, cpuProfile, out)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// section returns the proxy rows.
func (res *proxyResult) section() section {
	d, p := res.direct, res.proxy
	r := median(res.paired)
	return section{
		name:  "proxy",
		about: fmt.Sprintf("hello app through proxy.Proxy vs direct, %d clients, %d alternated rounds of %v each", res.conc, res.rounds, res.round),
		rows: []row{
			{figure: "direct / through the proxy", value: fmt.Sprintf("%.0f / %.0f req/s", d.rate(), p.rate())},
			{figure: "ratio proxy/direct, overall", value: fmt.Sprintf("%.2f×", p.rate()/d.rate())},
			{figure: "ratio proxy/direct, median of rounds", value: fmt.Sprintf("%.2f×", r), target: "≥ 0.50×", met: check(r >= 0.5)},
			{figure: "added p50 latency", value: (p.quantile(0.5) - d.quantile(0.5)).Round(time.Microsecond).String()},
			{figure: "failed requests", value: fmt.Sprint(d.errors + p.errors), target: "0", met: check(d.errors+p.errors == 0), strict: true},
		},
	}
}

// profile starts CPU profiling into name when on, and returns the
// function that stops it. Successive profiles of the same name overwrite
// each other; the last round's is kept.
func profile(name string, on bool) (stop func(), err error) {
	if name == "" || !on {
		return func() {}, nil
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// startHello builds and starts the hello app on a free loopback port,
// with flags added to go build, and returns its address and a function
// that stops it.
func startHello(ctx context.Context, flags ...string) (addr string, stop func(), err error) {
	dir, err := os.MkdirTemp("", "devserve-bench-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	files := map[string]string{"go.mod": "module hello\n\ngo 1.22\n", "main.go": helloApp}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o666); err != nil {
			cleanup()
			return "", nil, err
		}
	}
	build := exec.CommandContext(ctx, "go", append(append([]string{"build", "-o", "hello"}, flags...), ".")...)
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("go build: %v\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		cleanup()
		return "", nil, err
	}
	cmd := exec.CommandContext(ctx, filepath.Join(dir, "hello"))
	cmd.Env = append(os.Environ(), "PORT="+port)
	if err := cmd.Start(); err != nil {
		cleanup()
		return "", nil, err
	}
	stop = func() {
		cmd.Process.Kill()
		cmd.Wait()
		cleanup()
	}
	addr = "127.0.0.1:" + port
	if err := awaitListening(addr, 10*time.Second); err != nil {
		stop()
		return "", nil, err
	}
	return addr, stop, nil
}

// startProxy serves a proxy.Proxy to the app at appAddr on a loopback
// listener, told that the app is ready, with a secret to vouch for the
// client to the app's debugger, as devserve run does.
func startProxy(appAddr string) (addr string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	p := &proxy.Proxy{PublicAddr: ln.Addr().String(), Secret: debugpage.NewSecret()}
	p.Handle(reloader.Event{Kind: reloader.Building})
	p.Handle(reloader.Event{Kind: reloader.Started, Addr: appAddr})
	p.Handle(reloader.Event{Kind: reloader.Ready, Addr: appAddr})
	srv := &http.Server{Handler: p}
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(ln)
	}()
	return ln.Addr().String(), func() { srv.Close(); <-done }, nil
}

// freePort returns a loopback port free at the time of the call.
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	_, port, err := net.SplitHostPort(ln.Addr().String())
	return port, err
}

// awaitListening waits until addr accepts connections.
func awaitListening(addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the hello app did not listen on %s: %w", addr, err)
		}
		time.Sleep(20 * time.Millisecond) // a process gives no signal when it starts listening
	}
}

// load is what a round of requests measured.
type load struct {
	n, errors int
	elapsed   time.Duration
	latencies []time.Duration
}

// rate returns successful requests per second.
// String summarises l: throughput, median and p99 latency, errors.
func (l *load) String() string {
	return fmt.Sprintf("%8.0f req/s  p50 %v  p99 %v  errors %d", l.rate(), l.quantile(0.5), l.quantile(0.99), l.errors)
}

func (l *load) rate() float64 { return float64(l.n) / l.elapsed.Seconds() }

// quantile returns the q-quantile of the latencies.
func (l *load) quantile(q float64) time.Duration {
	if len(l.latencies) == 0 {
		return 0
	}
	s := slices.Clone(l.latencies)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1))]
}

// merge adds o's measurements to l.
func (l *load) merge(o *load) {
	l.n += o.n
	l.errors += o.errors
	l.elapsed += o.elapsed
	l.latencies = append(l.latencies, o.latencies...)
}

// hammer sends GET requests to url from conc clients for d and returns
// what it measured. Every client reuses its connections.
func hammer(url string, conc int, d time.Duration) (*load, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: conc, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var (
		mu    sync.Mutex
		total load
		wg    sync.WaitGroup
	)
	start := time.Now()
	end := start.Add(d)
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var l load
			for time.Now().Before(end) {
				t0 := time.Now()
				if err := getOnce(client, url); err != nil {
					l.errors++
					continue
				}
				l.n++
				l.latencies = append(l.latencies, time.Since(t0))
			}
			mu.Lock()
			total.merge(&l)
			mu.Unlock()
		}()
	}
	wg.Wait()
	total.elapsed = time.Since(start)
	return &total, nil
}

// getOnce makes one request and reads the whole response.
func getOnce(client *http.Client, url string) error {
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}
