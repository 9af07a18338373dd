// Devserve is the development server for Go web apps. It builds a main
// package, runs it behind a proxy, rebuilds and restarts it when the files
// it is built from change, and shows build errors, crashes and handler
// panics in the browser, which reloads by itself.
//
// Usage:
//
//	devserve run [flags] [package] [-- app arguments...]
//	devserve init
//	devserve mcp [dir]
//	devserve version
//	devserve help [run]
//
// # devserve run
//
// Run builds the main package, starts it, and serves it through a proxy on
// the public address (--addr, localhost:8080 by default). The package is
// the one named, else the current directory if it is a main package, else
// the only main package in ./cmd or under it; when there are several, run names
// them and asks. Arguments after "--" are passed to the app.
//
//	devserve run                          # . or the only ./cmd/... main
//	devserve run ./cmd/api -- -v          # a package, with app arguments
//	devserve run --addr :3000 ./examples/app
//
// The app learns where to listen from two environment variables: PORT
// (a free loopback port) and DEVSERVE_ADDR (127.0.0.1:PORT). An app that
// ignores them and listens on one port of its own (a hard-coded address,
// a config file) is found there within a second or so, from its sockets
// on Linux and from its output elsewhere, and served with a one-line
// notice; --app-addr makes the address explicit, and is needed when the
// app listens on several ports. An app that serves HTTPS on its port
// (http.ListenAndServeTLS) is spoken to over TLS, which devserve finds out
// at the first request to each run of the app, or is told with --app-tls;
// the app's certificate is not checked when it listens on loopback.
// Browsers still speak plain HTTP to devserve, unless --tls. The public
// address belongs to devserve for its whole life, so a
// browser never sees a refused connection, whatever the app is doing:
//
//   - while the app is being built or started, requests wait (up to 30s,
//     then a 503 that asks to try again) and are answered by the new
//     process as soon as it accepts connections; a browser's request for
//     a page gets the waiting page after a second instead: how long it has
//     waited and go build's output as it comes, until the app is ready or
//     the build fails, when the page shows what came (it works without
//     JavaScript too);
//   - a change is built while the old process keeps serving; a failed build
//     shows the build-error page (every error, with its source lines) on
//     every request until the code is fixed;
//   - when the app crashes (an unrecovered panic, a fatal error, os.Exit),
//     the crash page shows the parsed goroutine dump, or is titled with the
//     last error the app logged, and the last lines of output until the
//     next good build;
//   - when a handler panics in a plain net/http app, net/http logs the panic
//     (on stderr or stdout) and drops the connection; devserve matches the
//     log to the request and answers it with the traceback page instead of
//     a bare 502;
//   - when the app never listens on the address devserve expects, a page
//     says which address that is, where the app listens if it listens on
//     several ports, what to change, and the app's last lines.
//
// Error pages come as HTML for browsers, plain text for curl and JSON for
// requests that accept application/json.
//
// The proxy preserves the Host header, sets X-Forwarded-For,
// X-Forwarded-Host and X-Forwarded-Proto, flushes streamed responses as
// they come, passes server-sent events and WebSockets through, and adds no
// CORS headers.
//
// Stopping the app for a reload does not wait for the streams open to it:
// devserve ends the server-sent events it forwards (clients see them end
// and reconnect, to wait for the new process), other responses the app
// holds open once they have waited a tenth of a second, and WebSockets,
// with a close frame of code 1012 (service restart), so that a graceful
// http.Server.Shutdown returns at once. Ordinary requests in flight keep
// --grace to finish; a stop that takes longer than a second is reported,
// with the requests the app was finishing.
//
// # Live reload
//
// HTML pages get a small script, inserted after the opening <head> tag (or
// before <body>, or at the end) as the page streams through, without
// buffering it. Requests for pages are sent to the app accepting gzip at
// most, and gzipped pages are decompressed on the way; a page in another
// encoding is passed on untouched, without the script. A Content-Security-Policy nonce for
// scripts is honoured; requests made by htmx (HX-Request) and by fetch
// (Sec-Fetch-Dest other than document or iframe) are left alone. The
// script listens to server-sent events at /__devserve/events, over one
// connection per browser however many tabs are open, and reloads the page
// once the new process accepts connections (never before), after a build
// fails, and after a crash. Pages that get the script lose their ETag and
// Last-Modified headers, so that a browser never reuses a stale copy.
// --no-browser-reload turns all this off.
//
// # Reload without a restart
//
// An app that reads files as it runs in development (templates parsed per
// request, static files served from disk) need not be rebuilt or
// restarted when they change: name them with reload globs, in
// devserve.toml or with --reload,
//
//	reload = ["static/**", "templates/**/*.html"]
//
// and a change of those files reloads the open pages at once ("●
// templates/index.html changed → pages reloaded"). When only stylesheets
// (.css files) changed, the pages are not reloaded: each stylesheet of the
// page's own origin (<link rel=stylesheet>) is fetched again with a
// cache-busting query and swapped in once it has loaded, so that the page
// keeps its scroll position, its form input and its state ("→ stylesheets
// swapped"). A file the app embeds (//go:embed, as go list reports it)
// stays a rebuild, whatever the globs say; so does a file matching a
// --watch glob too. A pattern without a slash matches a file's name in any
// directory; "**" spans directories.
//
// Everything devserve serves itself lives under /__devserve/.
//
// # Generators
//
// Code generators whose sources go list does not see (templ, sqlc, go
// generate) are [[generate]] tables of devserve.toml, each a command line
// and the globs of its sources:
//
//	[[generate]]
//	run = "templ generate"
//	watch = ["**/*.templ"]
//
// Every generator runs once at the start, before the first build, and
// again when one of its sources changes, after the same short wait a
// build has ("debounced with the rest"); no build starts while generators
// run, and they run one at a time, in the order of their tables, in the
// module root. The Go files a generator writes are then changes like
// any other, built once:
//
//	● views/home.templ changed → generated in 0.09s → built in 0.84s → restarted in 40ms
//
// A file it rewrites with the content it had is no change: devserve keeps
// a content hash (SHA-256) of each file that changes while generators run,
// and of the sources they ran for, and drops a change whose content is as
// it was; when nothing else changed, nothing is built ("→ no file
// changed"). A generator whose sources include what it writes runs at
// most once more for its own writing, never in a loop. Its output reaches
// the terminal line by line after its command's name ("templ | ..."). A
// generator that fails (exits with a status other than 0, or cannot
// start) is the build-error page: its output, with each
// file:line:column: message line located and highlighted as a compiler's
// error is; the app stops, as after a failed build, until a change builds
// again. --generate 'GLOB=COMMAND' (repeatable) is one generator of one
// glob for one-off use; given, it replaces the [[generate]] tables.
// Command lines are split as those of companion processes are (below).
//
// # Companion processes
//
// Commands that run beside the app for as long as devserve does, such as
// a CSS or JavaScript bundler in watch mode, are [[process]] tables of
// devserve.toml:
//
//	[[process]]
//	name = "css"
//	run = "npx @tailwindcss/cli -i input.css -o static/app.css --watch"
//
// Each starts with devserve, in the module root, with devserve's
// environment and a standard input that stays open (watchers such as
// Tailwind's and esbuild's stop at the end of their input). Its standard output and standard error reach the terminal
// line by line as they come, each line after its name in a color of its
// own ("css | Done in 41ms"), and the agents' logs under that name. One
// that exits is started again after 1s, a wait that doubles at each exit
// up to 30s and is 1s again once it ran for 30s ("✗ css exited (exit
// status 1); starting it again in 2s"); one that cannot start at all (no
// such command) says so in one line and is left alone. Neither stops the
// app. When devserve stops, each is stopped with its whole process group,
// as the app is: --signal, then a kill after --grace; on Linux they die
// with devserve even if it is killed with SIGKILL.
//
// A run line is split into words without a shell, the same on every
// system: spaces separate words, ' or " quote a word that holds spaces,
// and there are no escapes. For pipes, redirections or variables, run a
// shell yourself: run = "sh -c 'tool | other'". A program that buffers its
// output when it is not written to a terminal (Python without -u, C
// programs using stdio) shows its lines only when it flushes them.
//
// # Agents: MCP and the JSON API
//
// A coding agent follows the app through the tools of devserve's MCP
// server, served over streamable HTTP at /__devserve/mcp on the public
// address, and over standard input and output by devserve mcp:
//
//   - status: building, starting, running, build failed, crashed or not
//     listening; since when; the public and the app's address; the last
//     build's start, duration and the files that triggered it.
//   - wait: waits (timeout in seconds, default 60) until the build and
//     restart under way, if any, has an outcome, and returns it like
//     status, with the build errors or the crash when that is the outcome.
//     It answers as soon as the app accepts connections. When nothing is
//     under way, it first gives a change saved just before the call 0.3s to
//     start a build. This is the tool to call right after saving.
//   - errors: the current build errors (package, file, line, column,
//     message and the source lines around them), the current crash, and the
//     last handler panics (panics, default 5, newest first) with their
//     frames and requests: the JSON form of devserve's pages.
//   - logs: the app's output, stdout and stderr, numbered lines: the last
//     lines (default 100), or those after the cursor a previous call
//     returned (the last 5000 lines are kept).
//   - restart: rebuilds and restarts the app although no file changed,
//     and returns the outcome like wait.
//
// devserve mcp finds the devserve run of the module in dir (default the
// current directory) through a state file devserve run writes in the
// user's cache directory (devserve/HASH.json, with the public URL and a
// token for this run, readable by the user only, removed on exit). It
// looks again at every call, so it may be started before devserve run;
// while none runs, every tool answers "devserve mcp: no devserve run in
// DIR; start one with: devserve run".
//
// The same answers come as JSON from the API under /__devserve/api/:
//
//	GET  /__devserve/api/status
//	GET  /__devserve/api/wait?timeout=60s      a long poll; 90 or 90s
//	GET  /__devserve/api/errors?panics=5
//	GET  /__devserve/api/logs?lines=100&cursor=N
//	POST /__devserve/api/restart?timeout=60s   with Authorization: Bearer TOKEN
//
// An error is {"error": "..."} with a 4xx or 5xx status. To capture the
// app's output, devserve reads it through a pipe: the app's standard
// output is not a terminal under devserve run.
//
// # Frames, locals and the console
//
// When a handler panics inside debugpage.Handler (or package serving's
// debugger), the page shows, under each frame of the panicking
// goroutine, its arguments and locals: name, type and value; structs,
// maps, slices and pointers expand, nil values stand out, and a value cut
// short (strings past 256 bytes, more than 32 elements, deeper than 3
// levels) loads more on demand. For a nil pointer dereference the page
// names the operand that is nil and marks it in the source line ("d is
// nil (*main.discount)"). The text form lists the app's frames'
// variables one "name = value" a line under each frame, and the JSON form
// carries them all.
//
// Below the variables of each frame, a console evaluates Go expressions
// in that frame: fields, indexes, map lookups, arithmetic, comparisons,
// len, cap, conversions and type assertions. It calls no functions and
// assigns nothing. The panicking goroutine stays parked inside its
// deferred recover while the page that may use it is open; it goes on
// when the page is closed, after 5 minutes without a console request, at
// the next reload, or when a fourth panic needs its place. A console
// request for a goroutine that went on says so.
//
// This works because devserve is the app's parent: the middleware parks
// the goroutine and asks devserve, over a private channel (a Unix socket
// in a directory of the user's own, named in DEVSERVE_INSPECT, each
// request signed with the run's secret), to read it; devserve attaches to
// the app with the Go debugger's library, reads, and detaches. The whole
// app is stopped for that, 0.1–0.5s. To make every local readable,
// devserve run builds the main module (and go.work and directory-replaced
// modules) with -gcflags=-N -l, and links without compressing the debug
// information; --optimize builds as go build does, at the cost of most
// locals. Panics that net/http or a framework's recovery middleware
// recovers (an app without debugpage.Handler) are shown without
// variables: by the time devserve reads their log, the goroutine has gone
// on. Their page offers the few lines that serve the app through
// debugpage.Handler instead.
//
// Inspection needs Linux (amd64 or arm64) and a system that lets devserve
// trace its child (ptrace: kernel.yama.ptrace_scope at 1 or less, or
// CAP_SYS_PTRACE in a container). Whenever it cannot work (another system,
// tracing refused, a binary without debug information, a session past
// --inspect-timeout), the page comes at once without variables, with one
// line saying why, and devserve prints that line once. Killing devserve
// during a session never leaves the app stopped: it dies with devserve.
//
// The variables and the console go only where pages go (trusted clients,
// allowed host names); each console request carries a token made for its
// page, and the run's secret and page tokens are blanked out of every
// value shown. On a shared machine, --pin guards the console with a PIN
// printed in the terminal (123-456-789), made from the machine, the user
// and the module so that it stays the same from run to run;
// DEVSERVE_DEBUG_PIN sets a fixed PIN, or "off". A browser that gives it
// gets an HttpOnly, SameSite=Strict cookie for 7 days; ten wrong PINs
// lock the console until devserve restarts.
//
// # Flags
//
//	--addr address         public address (default localhost:8080); a host
//	                       of "" or 0.0.0.0 serves every interface, with a
//	                       warning
//	--app-addr address     the address the app listens on, for apps that
//	                       ignore $PORT
//	--app-tls              speak TLS to the app (found out by itself for
//	                       an app that answers TLS on its port)
//	--build-flags flags    extra go build flags, e.g. "-race"
//	--tags tags            comma-separated build tags
//	--optimize             build as go build does; by default the main
//	                       module (and go.work and directory-replaced
//	                       modules) is built with -N -l, so that the
//	                       panic page can show every frame's locals
//	--watch glob           also restart (without building) when files
//	                       matching glob change; repeatable
//	--reload glob          only reload the browser (no build, no restart)
//	                       when files matching glob change; repeatable
//	--generate GLOB=CMD    run CMD before building when files matching GLOB
//	                       change, and at the start; repeatable
//	--exclude glob         ignore changes to files matching glob; repeatable
//	--poll[=interval]      watch by polling instead of file notifications
//	                       (500ms when given bare)
//	--debounce duration    quiet time after the last change before building
//	                       (default 50ms)
//	--grace duration       time the app has to stop after the signal before
//	                       its process group is killed (default 5s)
//	--signal name          the signal that asks the app to stop: TERM
//	                       (default), INT, HUP, QUIT, KILL, USR1, USR2
//	--no-inspect           do not inspect the frames of panics: no locals,
//	                       no console
//	--inspect-timeout d    the longest the app may be stopped to inspect a
//	                       panic's frames (default 1.5s)
//	--pin                  guard the console with a PIN (see Frames)
//	--no-browser-reload    do not add the live-reload script
//	--tls adhoc|CERT,KEY   serve HTTPS with a self-signed certificate made
//	                       on the spot, or with the given files
//	--env KEY=VALUE        add to the app's environment; repeatable
//	--env-file file        add the KEY=VALUE lines of file (# comments,
//	                       "export " and quotes allowed); --env wins
//	--trust addr|CIDR      also show debug pages to clients at this address
//	                       or in this network; repeatable; the banner says so
//	--trusted-host name    also serve devserve's pages under this host name
//	                       (".name" allows its subdomains); repeatable
//	--quiet                print errors only
//	--verbose              print every step of every cycle
//	--no-keys              do not read keys from the terminal
//
// Flags may come before or after the package. An unknown flag is an error
// that suggests the flag it is a likely typo of, or else lists them all.
//
// # Keys
//
// When devserve runs in the foreground of a terminal, it reads single keys
// (the app's standard input stays empty):
//
//	r   rebuild and restart the app now
//	o   open the public address in the browser
//	c   clear the screen
//	q   quit, as Ctrl-C does
//	?   list the keys
//
// A dim "? for keys" line under the banner says they are on. The terminal's
// mode is restored when devserve stops, however it stops short of SIGKILL.
// --no-keys (no-keys = true in devserve.toml) leaves the terminal alone.
//
// # Security
//
// The pages devserve draws show source code, request data and goroutines,
// so they go only to clients on this machine (loopback addresses), and to
// those --trust names. Any other client gets a plain "Internal Server
// Error (id 1a2b3c4d; ...)", and devserve prints the page's text in the
// terminal under the same id. The same holds for the pages of an app that
// uses package debugpage or serving: the proxy tells the app each
// request's real client in the X-Devserve-Forwarded header, signed with
// HMAC-SHA256 under a secret made afresh for every run and handed to the
// app in DEVSERVE_SECRET only (DEVSERVE_TRUST and DEVSERVE_TRUSTED_HOSTS
// carry --trust and --trusted-host). The header carries the client's
// address, the time and the signature, never the secret: an app that logs
// or echoes its headers gives nothing away. The app's debugger believes
// the header only when the signature is right, it is at most 30 seconds
// old, and the request came from this machine. A copy of that header sent
// by a client is removed, and X-Forwarded-For sent by a client is never
// believed.
//
// Everything under /__devserve/ and every page devserve draws (the build
// error, the crash, the handler panic, the app not listening, the waiting
// page) answers only when the request's Host is localhost, a name under
// .localhost, a loopback address, the address the request came in on, the
// host of --addr, or a --trusted-host; anything else gets a 400, so that a
// web page elsewhere cannot read them through a name rebound to this
// machine (DNS rebinding). Case and port do not matter. Requests the app
// answers are passed on whatever their Host: the app's pages are its own.
//
// The agents' endpoints, /__devserve/mcp and /__devserve/api/, answer
// the same clients (others get a 403), under the same Host names, and
// refuse with a 403 any request a browser says comes from a web page of
// another origin (its Origin header, or Sec-Fetch-Site), as the MCP
// specification asks. Restart is the only thing an agent can change: over
// MCP it needs a client on this machine or the run's token; through the
// JSON API, a POST with the token of the state file. A page's console
// changes nothing but reads what its page parked (see Frames), and a
// page's fix buttons post the page's token to /__devserve/fix/. Editor
// links open the editor through its own URL scheme; devserve sets no
// cookies but the console PIN's, and no CORS headers. Listening on
// anything but a loopback address prints a warning.
//
// # devserve.toml
//
// Every flag can also be set in a devserve.toml file at the module root,
// under the flag's name; flags given on the command line win. Two more
// keys name the package and the app's arguments, [[generate]] tables the
// generators and [[process]] tables the companion processes. An unknown key is an
// error that suggests the key it is a likely typo of, or else lists them
// all.
//
//	package = "./cmd/api"
//	args = ["-config", "dev.json"]
//	addr = "localhost:3000"
//	tags = "dev"
//	exclude = ["testdata/**", "*.tmp"]
//	reload = ["static/**", "templates/**/*.html"]
//	poll = "1s"
//	trust = ["192.168.1.0/24"]
//	env = { LOG_LEVEL = "debug" }
//
//	[[process]]
//	name = "css"
//	run = "npx @tailwindcss/cli -i input.css -o static/app.css --watch"
//
//	[[generate]]
//	run = "templ generate"
//	watch = ["**/*.templ"]
//
// # devserve init
//
// Init writes a commented devserve.toml at the root of the module it runs
// in, and refuses to if there is one. It asks nothing: the package is the
// one devserve run would pick (else the first main package under ./cmd/,
// or the first there is), the module's other main packages are listed in
// comments, and each block it adds for what it finds says why in one
// comment line:
//
//   - .templ files: a generator, templ generate, of **/*.templ (go tool
//     templ when go.mod has it as a tool; go run of the version go.mod
//     requires when templ is not installed);
//   - sqlc.yaml (or .yml, .json): a generator, sqlc generate, of it and
//     **/*.sql;
//   - //go:generate lines: a generator, go generate ./..., of the files that
//     hold them;
//   - a stylesheet that imports "tailwindcss" (Tailwind 4), or a
//     tailwind.config file or @tailwind directives (Tailwind 3): a companion
//     process, the Tailwind CLI in watch mode, writing static/app.css (when
//     there is a static directory, else app.css beside its input), and a
//     reload glob for that file, so that open pages swap it in.
//
// Directories the go command ignores, node_modules, vendor, testdata and
// nested modules are not looked at. Check the paths it guessed, such as
// Tailwind's output, against the files your pages load.
//
// # Terminal
//
// Devserve prints a banner with the URL to open, then one line per cycle:
//
//	● msg/msg.go changed → built in 0.82s → restarted in 41ms
//	✗ build failed (2 errors)
//	  msg/msg.go:12:5: undefined: x
//	  devserve waits for the next save
//	✗ app crashed: panic: assignment to entry in nil map
//	  devserve waits for the next save
//	! stopping the app took 5.01s: it was finishing 1 request; it was killed after --grace 5s
//
// devserve's lines go to standard error. The app's own output passes
// through as it comes, read from pipes (an app that colors its output
// only on a terminal prints it plain); its standard input is empty, so
// that devserve can run in the background of a shell. Output is colored when standard error
// is a terminal and NO_COLOR is not set.
//
// # Stopping
//
// Ctrl-C (or SIGTERM) stops the app gracefully, with --signal and then,
// after --grace, by killing its whole process group, and exits with status
// 0. Errors are printed as "devserve: …" and exit with status 1; a mistake
// in how devserve was called (an unknown command, flag or help topic, a
// flag's bad value) exits with status 2.
package main
