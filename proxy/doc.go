// Package proxy serves devserve's public address in front of the app that
// a reloader.Engine runs. It forwards requests to the app, holds them
// while the app is being built or restarted so that no client sees a
// dropped connection, answers with the page of a failed build, a crash, a
// handler panic or an app that does not listen, and adds live reload to
// the app's HTML pages. It follows the engine through the Events given to
// Proxy.Handle.
//
// Everything the proxy serves itself lives under /__devserve/, for trusted
// clients and the host names devserve knows only: among it the agents'
// API, the app's status, the outcome of a rebuild, its errors and output,
// as JSON under /__devserve/api/ and, with Proxy.MCP set, over MCP at
// /__devserve/mcp.
package proxy
