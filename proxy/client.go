package proxy

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Client is an Agent that asks a Proxy in another process through its
// JSON API under /__devserve/api/, as devserve mcp does. Its zero value,
// given a URL, is ready to use; each field documents its default.
type Client struct {
	// URL is the proxy's public URL, e.g. "http://localhost:8080/".
	URL string

	// Token is the run's token, which Restart sends. If empty, Restart is
	// refused by the proxy.
	Token string

	// HTTPClient makes the requests. If nil, http.DefaultClient is used.
	HTTPClient *http.Client
}

// Status returns what the app is doing now.
func (c *Client) Status(ctx context.Context) (Status, error) {
	var st Status
	return st, c.call(ctx, "GET", "status", nil, &st)
}

// Await waits, at most timeout, for the build and restart under way to
// have an outcome, and returns it.
func (c *Client) Await(ctx context.Context, timeout time.Duration) (Outcome, error) {
	var o Outcome
	return o, c.call(ctx, "GET", "wait", timeoutQuery(timeout), &o)
}

// Errors returns the current build error or crash and the last handler
// panics, at most panics of them.
func (c *Client) Errors(ctx context.Context, panics int) (Errors, error) {
	var e Errors
	q := url.Values{}
	if panics > 0 {
		q.Set("panics", strconv.Itoa(panics))
	}
	return e, c.call(ctx, "GET", "errors", q, &e)
}

// Logs returns lines of the app's output.
func (c *Client) Logs(ctx context.Context, lq LogQuery) (Logs, error) {
	var l Logs
	q := url.Values{}
	if lq.Lines > 0 {
		q.Set("lines", strconv.Itoa(lq.Lines))
	}
	if lq.Cursor != nil {
		q.Set("cursor", strconv.FormatInt(*lq.Cursor, 10))
	}
	return l, c.call(ctx, "GET", "logs", q, &l)
}

// Restart rebuilds and restarts the app, and returns the outcome as
// Await does.
func (c *Client) Restart(ctx context.Context, timeout time.Duration) (Outcome, error) {
	var o Outcome
	return o, c.call(ctx, "POST", "restart", timeoutQuery(timeout), &o)
}

// call sends one request of the API and decodes its answer into out.
func (c *Client) call(ctx context.Context, method, name string, q url.Values, out any) error {
	u := strings.TrimSuffix(c.URL, "/") + apiPrefix + name
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return err
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return apiError(resp.StatusCode, body)
	}
	return json.Unmarshal(body, out)
}

// apiError returns the error an API answer other than 200 OK carries.
func apiError(status int, body []byte) error {
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &e) == nil && e.Error != "" {
		return fmt.Errorf("%s (%d)", e.Error, status)
	}
	return fmt.Errorf("devserve: the API answered %d %s", status, http.StatusText(status))
}

// timeoutQuery returns the query of a timeout, empty for the default.
func timeoutQuery(d time.Duration) url.Values {
	q := url.Values{}
	if d > 0 {
		q.Set("timeout", d.String())
	}
	return q
}
