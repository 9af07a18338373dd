package proxy

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/devserve/devserve/reloader"
)

var (
	loadClients  = flag.Int("load-clients", 200, "concurrent clients of TestLoadDuringRebuilds")
	loadRebuilds = flag.Int("load-rebuilds", 10, "rebuilds of TestLoadDuringRebuilds")
)

// TestLoadDuringRebuilds keeps -load-clients clients busy through the
// proxy while the app is rebuilt -load-rebuilds times, and checks that no
// request fails and that no request made after a Ready event (the switch
// announced) is answered by an older binary.
func TestLoadDuringRebuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("rebuilds the app under load")
	}
	dir := writeModule(t, msgApp("0"))
	msg := filepath.Join(dir, "msg", "msg.go")
	p := &Proxy{NoReload: true}
	url := newProxy(t, p)
	readies := runEngine(t, &reloader.Engine{Dir: dir, Stdout: io.Discard, Stderr: io.Discard}, p)
	awaitReady(t, readies)

	var announced atomic.Int64 // the version of the last Ready seen

	tr := &http.Transport{MaxIdleConnsPerHost: *loadClients, MaxConnsPerHost: *loadClients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 2 * time.Minute}
	var requests, failed, stale atomic.Int64
	var firstErr sync.Once
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range *loadClients {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				want := announced.Load()
				got, err := getVersion(client, url)
				requests.Add(1)
				switch {
				case err != nil:
					failed.Add(1)
					firstErr.Do(func() { t.Errorf("GET / under load: %v", err) })
				case got < want:
					stale.Add(1)
					firstErr.Do(func() { t.Errorf("GET / made after version %d was announced = version %d", want, got) })
				}
			}
		})
	}
	start := time.Now()
	for i := 1; i <= *loadRebuilds; i++ {
		writeFile(t, msg, msgSource(strconv.Itoa(i)))
		awaitReady(t, readies)
		announced.Store(int64(i))
	}
	close(stop)
	wg.Wait()
	took := time.Since(start)
	t.Logf("%d clients, %d rebuilds in %v: %d requests (%.0f/s), %d failed, %d from an older binary after the switch",
		*loadClients, *loadRebuilds, took.Round(time.Millisecond), requests.Load(), float64(requests.Load())/took.Seconds(), failed.Load(), stale.Load())
	if failed.Load() != 0 || stale.Load() != 0 {
		t.Errorf("%d failed requests and %d stale ones, want 0 and 0", failed.Load(), stale.Load())
	}
}

// getVersion gets url and returns the number the app answers with.
func getVersion(c *http.Client, url string) (int64, error) {
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("status %d: %.200s", resp.StatusCode, b)
	}
	return strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
}
