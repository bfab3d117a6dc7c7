package ui

import (
	"amilab/engine"
)

// guestRuntime is the guest runtime as the sandbox uses it: it follows the
// world's boots and stops (engine.Hooks) and answers commands and web
// requests in the background. In the browser it is the guest client, whose
// Web Worker starts with the first run; tests use the native runtime.
type guestRuntime interface {
	engine.Hooks
	// ExecAsync runs a command line as the connected user; Update calls done.
	ExecAsync(w *engine.World, id, line string, done func(output string, code int))
	// HTTPAsync fetches a path from the instance's web server as a browser
	// at from would; Update calls done (status 0: no server answered).
	HTTPAsync(w *engine.World, id, path, from string, done func(status int, body string))
	// Update applies the finished runs, calling their done functions, and
	// reports whether there were any.
	Update(w *engine.World) bool
	// Prompt is the shell prompt of the instance's login session.
	Prompt(w *engine.World, id string) string
}

// maxReplays bounds how often one replay asks the guest runtime again.
const maxReplays = 4

// guestCall is one request of the CLI to the guest runtime.
type guestCall struct {
	http bool
	id   string
	arg  string // the command line, or the path
}

// guestAnswer is the runtime's answer: output and exit code of a command,
// or body and status of a web request.
type guestAnswer struct {
	text string
	code int
}

// guestRound is one run of a replay: the answers known so far, and the
// requests that had none.
type guestRound struct {
	answers map[guestCall]guestAnswer
	asked   []guestCall
}

// guestLink is the world's hooks in the page. It passes boots and stops on
// to the guest runtime, made on first use, and serves the CLI's guest verbs
// (sandbox exec, sandbox http: cli.Guests) without blocking the UI
// goroutine: see replay. Every method runs on the UI goroutine.
type guestLink struct {
	// newRuntime makes the runtime; nil when instances run no software
	// (prerendering on the server).
	newRuntime func() guestRuntime
	rt         guestRuntime
	round      *guestRound
	// gen counts world replacements: answers about an older world are dropped.
	gen int
	// later holds what answers started, to run once Update has returned.
	later []func()
}

// attach makes the link the world's hooks, when there is a runtime.
func (g *guestLink) attach(w *engine.World) {
	g.gen++
	g.round, g.later = nil, nil
	if g.newRuntime != nil {
		w.Hooks = g
	}
}

func (g *guestLink) runtime() guestRuntime {
	if g.rt == nil {
		g.rt = g.newRuntime()
	}
	return g.rt
}

// Booted queues the instance's boot in the runtime (engine.Hooks).
func (g *guestLink) Booted(w *engine.World, id string, first bool) {
	g.runtime().Booted(w, id, first)
}

// Halted tells the runtime that the instance stopped (engine.Hooks).
func (g *guestLink) Halted(w *engine.World, id string) {
	if g.rt != nil {
		g.rt.Halted(w, id)
	}
}

// Exec answers "sandbox exec" from the replay's answers, or records the
// request (cli.Guests).
func (g *guestLink) Exec(w *engine.World, id, line string) (string, int) {
	a := g.answer(guestCall{id: id, arg: line})
	return a.text, a.code
}

// HTTP answers "sandbox http" from the replay's answers, or records the
// request (cli.Guests). Requests come from the learner's browser.
func (g *guestLink) HTTP(w *engine.World, id, path, from string) (int, string) {
	a := g.answer(guestCall{http: true, id: id, arg: path})
	return a.code, a.text
}

// answer looks a request up in the current round. Without an answer the
// CLI gets a placeholder, which the replay throws away.
func (g *guestLink) answer(c guestCall) guestAnswer {
	if g.round == nil {
		return guestAnswer{}
	}
	if a, ok := g.round.answers[c]; ok {
		return a
	}
	g.round.asked = append(g.round.asked, c)
	return guestAnswer{}
}

// replay runs fn, which runs command lines through the CLI, then done. The
// guest verbs among those lines cannot be answered at once: their first
// run only records the requests. The runtime answers them in the
// background, and fn runs again with the answers (and again, if it asks
// anything new), then done. replay reports whether done has run already.
// Answers about a world that has been replaced meanwhile are dropped, and
// done is never called.
func (g *guestLink) replay(w *engine.World, fn, done func()) bool {
	return g.replayFrom(1, w, map[guestCall]guestAnswer{}, fn, done)
}

// replayFrom runs round n of a replay and the rounds after it, until one
// waits for the runtime.
func (g *guestLink) replayFrom(n int, w *engine.World, answers map[guestCall]guestAnswer, fn, done func()) bool {
	for ; ; n++ {
		r := &guestRound{answers: answers}
		g.round = r
		fn()
		g.round = nil
		if len(r.asked) == 0 || n == maxReplays {
			done()
			return true
		}
		// The runtime answers some requests at once (an unknown instance,
		// a closed port), the others from Update.
		left, waiting, next := len(r.asked), false, n+1
		for _, c := range r.asked {
			got := func(text string, code int) {
				answers[c] = guestAnswer{text, code}
				if left--; left == 0 && waiting {
					g.later = append(g.later, func() { g.replayFrom(next, w, answers, fn, done) })
				}
			}
			if c.http {
				g.httpAsync(w, c.id, c.arg, func(status int, body string) { got(body, status) })
			} else {
				g.execAsync(w, c.id, c.arg, got)
			}
		}
		if left > 0 {
			waiting = true
			return false
		}
	}
}

// execAsync runs a command line on an instance; done gets the answer
// unless the world is replaced first.
func (g *guestLink) execAsync(w *engine.World, id, line string, done func(output string, code int)) {
	gen := g.gen
	g.runtime().ExecAsync(w, id, line, func(output string, code int) {
		if g.gen == gen {
			done(output, code)
		}
	})
}

// httpAsync fetches a page from an instance for the learner's browser;
// done gets the answer unless the world is replaced first.
func (g *guestLink) httpAsync(w *engine.World, id, path string, done func(status int, body string)) {
	gen := g.gen
	g.runtime().HTTPAsync(w, id, path, engine.LearnerAddress, func(status int, body string) {
		if g.gen == gen {
			done(status, body)
		}
	})
}

// update applies the runtime's finished runs and continues the replays
// they complete. It reports whether any run finished.
func (g *guestLink) update(w *engine.World) bool {
	if g.rt == nil || !g.rt.Update(w) {
		return false
	}
	for len(g.later) > 0 {
		next := g.later[0]
		g.later = g.later[1:]
		next()
	}
	return true
}

// prompt is the shell prompt of the learner's session on an instance.
func (g *guestLink) prompt(w *engine.World, id string) string {
	return g.runtime().Prompt(w, id)
}
