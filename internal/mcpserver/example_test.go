package mcpserver_test

import (
	"context"
	"fmt"
	"log"

	"github.com/devserve/devserve/internal/mcpserver"
	"github.com/devserve/devserve/proxy"
	"github.com/devserve/devserve/reloader"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Example serves the tools of a Proxy that the engine's events feed, to
// a client connected in memory, which calls wait.
func Example() {
	ctx := context.Background()
	p := &proxy.Proxy{}
	for _, k := range []reloader.EventKind{reloader.Building, reloader.Built, reloader.Started, reloader.Ready} {
		p.Handle(reloader.Event{Kind: k, Addr: "127.0.0.1:8081"})
	}
	serverEnd, clientEnd := mcp.NewInMemoryTransports()
	if _, err := mcpserver.New(p).Connect(ctx, serverEnd, nil); err != nil {
		log.Fatal(err)
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "v1"}, nil)
	cs, err := client.Connect(ctx, clientEnd, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer cs.Close()
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "wait", Arguments: map[string]any{"timeout": 5}})
	if err != nil {
		log.Fatal(err)
	}
	out := res.StructuredContent.(map[string]any)
	fmt.Println(out["state"], out["app_addr"])
	// Output: running 127.0.0.1:8081
}
