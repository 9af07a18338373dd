// Package mcpserver is devserve's MCP server: the tools status, wait,
// errors, logs and restart, over a proxy.Agent, served at /__devserve/mcp
// by devserve run and over standard input and output by devserve mcp. It
// is a package of its own so that the MCP SDK is linked only into the
// programs that serve it, not into every program that imports serving.
package mcpserver

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"runtime/debug"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/proxy"
	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// The tools' inputs.
type (
	statusIn struct{}
	waitIn   struct {
		Timeout float64 `json:"timeout,omitempty" jsonschema:"seconds to wait at most; default 60"`
	}
	errorsIn struct {
		Panics int `json:"panics,omitempty" jsonschema:"how many of the last handler panics to return; default 5"`
	}
)

// The tools' descriptions, written for the model that picks them.
const (
	statusDoc = "Says what the app that devserve runs is doing now: building, starting, running, build failed, crashed or not listening, since when, " +
		"its address, and how long the last build took and which files triggered it. Call it to check on the app without waiting."
	waitDoc = "Waits until the rebuild and restart under way after a change, if any, has finished, and returns the outcome: running, or the build errors or crash. " +
		"Call it right after saving a change and before trying the app."
	errorsDoc = "Returns what is wrong with the app now: the build errors with file, line, column, message and source lines, the crash report, " +
		"and the last handler panics with their stack frames and requests. Call it when status or wait reports a failure, or a request got a 500."
	logsDoc = "Returns the app's output (stdout and stderr): the last lines, or the lines after the cursor a previous call returned. " +
		"Call it to see what the app printed or logged, for example after sending it a request."
	restartDoc = "Rebuilds and restarts the app now although no file changed, and returns the outcome as wait does. " +
		"Call it when the app needs a fresh start, for example after changing something devserve does not watch, such as a database or a file the app reads."
)

// New returns devserve's MCP server, whose tools (status, wait, errors,
// logs and restart) ask a.
func New(a proxy.Agent) *mcp.Server {
	s := mcp.NewServer(&mcp.Implementation{Name: "devserve", Version: version()}, &mcp.ServerOptions{
		Instructions: "devserve builds and runs the Go app of this module, and rebuilds and restarts it when its files change. " +
			"After editing the app's code, call wait to get the outcome of the rebuild before trying the app.",
	})
	mcp.AddTool(s, &mcp.Tool{Name: "status", Description: statusDoc, Annotations: readOnly()},
		func(ctx context.Context, _ *mcp.CallToolRequest, _ statusIn) (*mcp.CallToolResult, proxy.Status, error) {
			st, err := a.Status(ctx)
			return nil, st, err
		})
	mcp.AddTool(s, &mcp.Tool{Name: "wait", Description: waitDoc, Annotations: readOnly(), OutputSchema: outputSchema[proxy.Outcome]()},
		func(ctx context.Context, _ *mcp.CallToolRequest, in waitIn) (*mcp.CallToolResult, proxy.Outcome, error) {
			o, err := a.Await(ctx, seconds(in.Timeout))
			return nil, o, err
		})
	mcp.AddTool(s, &mcp.Tool{Name: "errors", Description: errorsDoc, Annotations: readOnly(), OutputSchema: outputSchema[proxy.Errors]()},
		func(ctx context.Context, _ *mcp.CallToolRequest, in errorsIn) (*mcp.CallToolResult, proxy.Errors, error) {
			e, err := a.Errors(ctx, in.Panics)
			return nil, e, err
		})
	mcp.AddTool(s, &mcp.Tool{Name: "logs", Description: logsDoc, Annotations: readOnly()},
		func(ctx context.Context, _ *mcp.CallToolRequest, in proxy.LogQuery) (*mcp.CallToolResult, proxy.Logs, error) {
			l, err := a.Logs(ctx, in)
			return nil, l, err
		})
	mcp.AddTool(s, &mcp.Tool{Name: "restart", Description: restartDoc, Annotations: &mcp.ToolAnnotations{IdempotentHint: true}, OutputSchema: outputSchema[proxy.Outcome]()},
		func(ctx context.Context, _ *mcp.CallToolRequest, in waitIn) (*mcp.CallToolResult, proxy.Outcome, error) {
			o, err := a.Restart(ctx, seconds(in.Timeout))
			return nil, o, err
		})
	return s
}

// outputSchema returns the JSON schema of a tool's answer T. A frame's
// variable holds variables (its fields, elements), and no schema can be
// inferred for a type that holds itself: a variable is drawn as an object
// of its own.
func outputSchema[T any]() *jsonschema.Schema {
	s, err := jsonschema.For[T](&jsonschema.ForOptions{TypeSchemas: map[reflect.Type]*jsonschema.Schema{
		reflect.TypeFor[debugpage.Var](): {Type: "object",
			Description: "a variable of a frame: its name, type and value, and the variables it holds (fields, elements), of the same shape"},
	}})
	if err != nil {
		panic("mcpserver: " + err.Error()) // a type of this package's: fixed at build time
	}
	return s
}

// readOnly marks a tool that changes nothing.
func readOnly() *mcp.ToolAnnotations {
	return &mcp.ToolAnnotations{ReadOnlyHint: true}
}

// seconds turns a timeout in seconds into a duration; 0 is the default.
func seconds(s float64) time.Duration {
	return time.Duration(s * float64(time.Second))
}

// version returns the version of the program's main module.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// errRestartRefused is the restart tool's answer to a request that may
// not change anything.
var errRestartRefused = errors.New("devserve: restart needs a client on this machine, or the token of this run (devserve mcp sends it)")

// noRestart is an Agent whose Restart is refused.
type noRestart struct{ proxy.Agent }

func (noRestart) Restart(context.Context, time.Duration) (proxy.Outcome, error) {
	return proxy.Outcome{}, errRestartRefused
}

// Handler returns the handler of the MCP endpoint of p, to set as
// p.MCP: streamable HTTP, stateless, so that each request stands alone
// and is judged alone. A request that p.MayChange refuses gets a server
// whose restart tool says so.
func Handler(p *proxy.Proxy) http.Handler {
	full, readOnly := New(p), New(noRestart{p})
	return mcp.NewStreamableHTTPHandler(func(r *http.Request) *mcp.Server {
		if p.MayChange(r) {
			return full
		}
		return readOnly
	}, &mcp.StreamableHTTPOptions{
		Stateless:    true,
		JSONResponse: true,
		// The proxy checks the Host itself, by its Trust, before this
		// handler runs: the SDK's own check would refuse --trusted-host.
		DisableLocalhostProtection: true,
	})
}
