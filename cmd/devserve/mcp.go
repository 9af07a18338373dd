package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/devserve/devserve/internal/mcpserver"
	"github.com/devserve/devserve/proxy"
	"github.com/devserve/devserve/serving"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// mcpCommand is devserve mcp [dir]: devserve's MCP server over standard
// input and output, whose tools ask the devserve run of the module in dir,
// the current directory if not given.
func mcpCommand(ctx context.Context, args []string, std stdio) error {
	if len(args) > 1 {
		return fmt.Errorf("mcp takes one directory at most (got %q)", args)
	}
	dir := "."
	if len(args) == 1 {
		dir = args[0]
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	rm := remote{root: moduleRoot(dir)}
	if _, err := rm.client(); err != nil {
		fmt.Fprintln(std.err, err) // not fatal: a run started later is found
	}
	err = mcpserver.New(rm).Run(ctx, &mcp.StdioTransport{})
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// remote is the Agent of devserve mcp: the devserve run of its module,
// found afresh at every call, so that a run started, or started again on
// another port, after devserve mcp is found.
type remote struct{ root string }

// client returns the client of the module's devserve run.
func (rm remote) client() (*proxy.Client, error) {
	st, err := readState(rm.root)
	if errors.Is(err, errNoRun) {
		return nil, rm.noRun()
	}
	if err != nil {
		return nil, fmt.Errorf("devserve mcp: %w", err)
	}
	return &proxy.Client{URL: st.URL, Token: st.Token, HTTPClient: httpClientFor(st)}, nil
}

// noRun is the error of a module that no devserve run serves.
func (rm remote) noRun() error {
	return fmt.Errorf("devserve mcp: no devserve run in %s; start one with: devserve run", rm.root)
}

// call returns f's answer from the module's devserve run; a run that
// went away without removing its state file counts as none.
func call[T any](ctx context.Context, rm remote, f func(*proxy.Client) (T, error)) (T, error) {
	var zero T
	c, err := rm.client()
	if err != nil {
		return zero, err
	}
	v, err := f(c)
	if err != nil && ctx.Err() == nil && isUnreachable(err) {
		return zero, rm.noRun()
	}
	return v, err
}

// isUnreachable reports whether err says nothing listens at the run's
// address.
func isUnreachable(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

func (rm remote) Status(ctx context.Context) (proxy.Status, error) {
	return call(ctx, rm, func(c *proxy.Client) (proxy.Status, error) { return c.Status(ctx) })
}

func (rm remote) Await(ctx context.Context, d time.Duration) (proxy.Outcome, error) {
	return call(ctx, rm, func(c *proxy.Client) (proxy.Outcome, error) { return c.Await(ctx, d) })
}

func (rm remote) Errors(ctx context.Context, n int) (proxy.Errors, error) {
	return call(ctx, rm, func(c *proxy.Client) (proxy.Errors, error) { return c.Errors(ctx, n) })
}

func (rm remote) Logs(ctx context.Context, q proxy.LogQuery) (proxy.Logs, error) {
	return call(ctx, rm, func(c *proxy.Client) (proxy.Logs, error) { return c.Logs(ctx, q) })
}

func (rm remote) Restart(ctx context.Context, d time.Duration) (proxy.Outcome, error) {
	return call(ctx, rm, func(c *proxy.Client) (proxy.Outcome, error) { return c.Restart(ctx, d) })
}

// httpClientFor returns the HTTP client that speaks to the run st
// describes: over TLS, it accepts --tls adhoc's certificate by its
// fingerprint, and verifies any other as usual.
func httpClientFor(st runState) *http.Client {
	if st.Fingerprint == "" {
		return &http.Client{}
	}
	cfg := &tls.Config{
		InsecureSkipVerify: true, // verified below, by fingerprint
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			if len(raw) == 0 || serving.Fingerprint(raw[0]) != st.Fingerprint {
				return errors.New("devserve mcp: the certificate is not the one devserve run made")
			}
			return nil
		},
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}
