// Package local runs instances' guest programs in this process: it is the
// guest runtime of native programs (tests, script mode, the server), where
// wazero compiles the guest to machine code.
//
// A Guests is the world's engine.Hooks (boots run init, first boots the user
// data) and the terminal's guest runner (cli.Guests: sandbox exec and
// sandbox http). Install it with Attach.
package local

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"amilab/engine"
	"amilab/guest/bridge"
	"amilab/guest/job"
	"amilab/guest/machine"

	"github.com/tetratelabs/wazero"
)

// Guests runs guest jobs against one world at a time. Like the world it
// serves, it is not safe for concurrent use.
type Guests struct {
	rt       *machine.Runtime
	world    *engine.World          // the world the sessions belong to
	sessions map[string]job.Session // login sessions by instance
	console  map[string]string      // the last boot's console output by instance
}

// bind forgets the sessions of another world (after a sandbox reset, a new
// world may reuse the old one's instance ids).
func (g *Guests) bind(w *engine.World) {
	if g.world != w {
		g.world, g.sessions, g.console = w, map[string]job.Session{}, map[string]string{}
	}
}

// New runs guests with a compiled runtime.
func New(rt *machine.Runtime) *Guests {
	return &Guests{rt: rt, sessions: map[string]job.Session{}, console: map[string]string{}}
}

// Open loads the guest program from a file and compiles it (see Compile).
func Open(wasmFile string) (*Guests, error) {
	wasm, err := os.ReadFile(wasmFile)
	if err != nil {
		return nil, fmt.Errorf("the guest program: %w (build it with make guest)", err)
	}
	return Compile(wasm)
}

// Compile compiles the guest program with wazero's compiler. Compiled code
// is cached on disk under the user's cache directory, so only the first
// start with a new guest program pays (about 1.5 s).
func Compile(wasm []byte) (*Guests, error) {
	o := machine.Options{}
	if dir, err := os.UserCacheDir(); err == nil {
		if c, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "amilab", "wazero")); err == nil {
			o.Cache = c
		}
	}
	rt, err := machine.New(context.Background(), wasm, o)
	if err != nil {
		return nil, err
	}
	return New(rt), nil
}

// Attach makes g the world's hooks, so that boots run the guests' init.
func (g *Guests) Attach(w *engine.World) { w.Hooks = g }

// Booted runs an instance's boot: init starts the enabled services and, on
// the instance's first boot, cloud-init runs its user data.
func (g *Guests) Booted(w *engine.World, id string, first bool) {
	g.bind(w)
	delete(g.sessions, id)
	j, ok := bridge.NewBoot(w, id, first)
	if !ok {
		return
	}
	r := g.rt.Run(context.Background(), j)
	g.console[id] = r.Output
	bridge.Apply(w, j, r)
}

// Halted ends the instance's login session.
func (g *Guests) Halted(w *engine.World, id string) {
	g.bind(w)
	delete(g.sessions, id)
}

// Exec runs a command line as the connected user would type it, in the
// session kept since the last one (working directory, variables, sudo -i).
// An empty line shows what connecting shows.
func (g *Guests) Exec(w *engine.World, id, line string) (string, int) {
	g.bind(w)
	j, early := bridge.NewExec(w, id, line, g.sessions[id])
	if early != nil {
		return early.Output, early.Code
	}
	r := g.rt.Run(context.Background(), j)
	switch {
	case r.Closed:
		delete(g.sessions, id)
	case r.Session != nil:
		g.sessions[id] = *r.Session
	}
	bridge.Apply(w, j, r)
	return r.Output, r.Code
}

// HTTP fetches a path from the instance's web server as a browser at the
// address from would (engine.LearnerAddress for the sandbox's browser
// view). Status 0 means no server answered; body then says why, as a
// browser would.
func (g *Guests) HTTP(w *engine.World, id, path, from string) (int, string) {
	g.bind(w)
	j, early := bridge.NewHTTP(w, id, path, from)
	if early != nil {
		return 0, early.Body
	}
	r := g.rt.Run(context.Background(), j)
	bridge.Apply(w, j, r)
	return r.Status, r.Body
}

// Prompt is the shell prompt of the instance's login session.
func (g *Guests) Prompt(w *engine.World, id string) string {
	g.bind(w)
	info, _ := w.GuestInfo(id)
	return job.Prompt(job.Info(info), g.sessions[id])
}

// Console is what the instance printed during its last boot.
func (g *Guests) Console(id string) string { return g.console[id] }
