//go:build js

package client

import (
	"encoding/json"
	"fmt"
	"strings"
	"syscall/js"
	"time"

	"amilab/engine"
	"amilab/guest/bridge"
	"amilab/guest/job"
)

// Limits are how long the page lets the worker run one job before ending it.
type Limits struct {
	Boot, Exec, HTTP time.Duration
	// Start is added to the first job after the worker (re)starts: loading
	// worker.wasm and busybox.wasm and compiling the guest.
	Start time.Duration
}

// DefaultLimits allow for wazero's interpreter (several times slower than
// the native compiler, whose limits are 10 s, 5 s and 3 s).
func DefaultLimits() Limits {
	return Limits{Boot: 20 * time.Second, Exec: 15 * time.Second, HTTP: 10 * time.Second, Start: 60 * time.Second}
}

// Client runs guest jobs in a Web Worker. See the package documentation.
type Client struct {
	// OnUpdate, when set, is called on a goroutine of its own when Update
	// has finished runs to apply (or a run to start).
	OnUpdate func()
	// Limits bound each run; see DefaultLimits.
	Limits Limits

	base     string
	world    *engine.World // the world the sessions belong to
	worker   js.Value
	warm     bool // the worker has answered a job since it started
	onMsg    js.Func
	replies  chan string
	seq      int
	queue    []*task
	inflight *task
	sessions map[string]job.Session
	console  map[string]string

	// Stats measure the worker (for the sandbox's own measurements).
	Stats Stats
}

// Stats are timings of the worker.
type Stats struct {
	Starts    int           // workers started
	Restarts  int           // workers ended because a run overran
	FirstRun  time.Duration // from starting the worker to the first answer
	LastRun   time.Duration // the last run's round trip
	Completed int
}

// task is one queued run.
type task struct {
	seq      int
	instance string
	kind     string
	build    func(w *engine.World) (job.Job, *job.Result)
	apply    func(w *engine.World, j job.Job, r job.Result)
	job      job.Job
	result   job.Result
	done     bool
	orphan   bool // its world was replaced: the answer changes nothing
	sent     time.Time
	timer    js.Value
}

// New returns a client whose worker files are under base (a URL path
// ending in "/", such as "/web/guest/").
func New(base string) *Client {
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return &Client{base: base, Limits: DefaultLimits(), replies: make(chan string, 64),
		sessions: map[string]job.Session{}, console: map[string]string{}}
}

// bind forgets the sessions of another world (after a sandbox reset, a new
// world may reuse the old one's instance ids).
func (c *Client) bind(w *engine.World) {
	if c.world != w {
		c.world, c.sessions, c.console = w, map[string]job.Session{}, map[string]string{}
		c.queue = nil
		if c.inflight != nil {
			c.inflight.orphan = true
		}
	}
}

// Attach makes c the world's hooks: boots run init and user data.
func (c *Client) Attach(w *engine.World) { w.Hooks = c }

// Booted queues an instance's boot (engine.Hooks).
func (c *Client) Booted(w *engine.World, id string, first bool) {
	c.bind(w)
	delete(c.sessions, id)
	c.enqueue(&task{instance: id, kind: job.Boot,
		build: func(w *engine.World) (job.Job, *job.Result) {
			j, ok := bridge.NewBoot(w, id, first)
			if !ok {
				return j, &job.Result{}
			}
			return j, nil
		},
		apply: func(w *engine.World, j job.Job, r job.Result) {
			if j.Kind != "" {
				c.console[id] = r.Output
				bridge.Apply(w, j, r)
			}
		}})
	c.pump(w, nil)
}

// Halted ends the instance's session and drops its queued runs (engine.Hooks).
func (c *Client) Halted(w *engine.World, id string) {
	c.bind(w)
	delete(c.sessions, id)
	kept := c.queue[:0]
	for _, t := range c.queue {
		if t.instance != id || t.kind != job.Boot {
			kept = append(kept, t)
		}
	}
	c.queue = kept
}

func (c *Client) execTask(id, line string, done func(string, int)) *task {
	return &task{instance: id, kind: job.Exec,
		build: func(w *engine.World) (job.Job, *job.Result) { return bridge.NewExec(w, id, line, c.sessions[id]) },
		apply: func(w *engine.World, j job.Job, r job.Result) {
			if j.Kind != "" {
				switch {
				case r.Closed:
					delete(c.sessions, id)
				case r.Session != nil:
					c.sessions[id] = *r.Session
				}
				bridge.Apply(w, j, r)
			}
			if done != nil {
				done(r.Output, r.Code)
			}
		}}
}

func (c *Client) httpTask(id, path, from string, done func(int, string)) *task {
	return &task{instance: id, kind: job.HTTP,
		build: func(w *engine.World) (job.Job, *job.Result) { return bridge.NewHTTP(w, id, path, from) },
		apply: func(w *engine.World, j job.Job, r job.Result) {
			if j.Kind != "" {
				bridge.Apply(w, j, r)
			}
			if done != nil {
				done(r.Status, r.Body)
			}
		}}
}

// Exec runs a command line as the connected user (the CLI's Guests); it
// blocks until the worker answers.
func (c *Client) Exec(w *engine.World, id, line string) (string, int) {
	c.bind(w)
	t := c.execTask(id, line, nil)
	c.enqueue(t)
	c.pump(w, t)
	return t.result.Output, t.result.Code
}

// HTTP fetches a path from the instance's web server (the CLI's Guests);
// it blocks until the worker answers.
func (c *Client) HTTP(w *engine.World, id, path, from string) (int, string) {
	c.bind(w)
	t := c.httpTask(id, path, from, nil)
	c.enqueue(t)
	c.pump(w, t)
	if t.job.Kind == "" {
		return 0, t.result.Body
	}
	return t.result.Status, t.result.Body
}

// ExecAsync queues a command line; Update calls done with its answer.
func (c *Client) ExecAsync(w *engine.World, id, line string, done func(output string, code int)) {
	c.bind(w)
	c.enqueue(c.execTask(id, line, done))
	c.pump(w, nil)
}

// HTTPAsync queues a request; Update calls done with the answer.
func (c *Client) HTTPAsync(w *engine.World, id, path, from string, done func(status int, body string)) {
	c.bind(w)
	c.enqueue(c.httpTask(id, path, from, done))
	c.pump(w, nil)
}

// Update applies the runs that have finished and starts the next one. It
// reports whether it changed anything.
func (c *Client) Update(w *engine.World) bool {
	c.bind(w)
	before := c.Stats.Completed
	c.pump(w, nil)
	return c.Stats.Completed != before
}

// Busy reports whether runs are queued or running.
func (c *Client) Busy() bool { return c.inflight != nil || len(c.queue) > 0 }

// Prompt is the shell prompt of the instance's login session.
func (c *Client) Prompt(w *engine.World, id string) string {
	c.bind(w)
	info, _ := w.GuestInfo(id)
	return job.Prompt(job.Info(info), c.sessions[id])
}

// Console is what the instance printed during its last boot.
func (c *Client) Console(id string) string { return c.console[id] }

func (c *Client) enqueue(t *task) {
	c.seq++
	t.seq = c.seq
	c.queue = append(c.queue, t)
}

// pump applies answers, sends queued runs, and with until set waits until
// that run is done.
func (c *Client) pump(w *engine.World, until *task) {
	for {
		c.drain(w, false)
		if until != nil && until.done {
			return
		}
		if c.inflight == nil && len(c.queue) > 0 {
			t := c.queue[0]
			c.queue = c.queue[1:]
			j, early := t.build(w)
			if early != nil {
				t.finish(w, j, *early)
				c.Stats.Completed++
				continue
			}
			c.send(t, j)
			continue
		}
		if until == nil || c.inflight == nil {
			return
		}
		c.drain(w, true)
	}
}

func (t *task) finish(w *engine.World, j job.Job, r job.Result) {
	t.job, t.result, t.done = j, r, true
	if !t.orphan {
		t.apply(w, j, r)
	}
}

// message is a reply of the worker (see package worker) or of a timer.
type message struct {
	Seq     int             `json:"seq"`
	Result  json.RawMessage `json:"result"`
	Error   string          `json:"error"`
	Ready   bool            `json:"ready"`
	Timeout bool            `json:"timeout"`
}

// drain handles the worker's replies; with block it waits for one.
func (c *Client) drain(w *engine.World, block bool) {
	for {
		var raw string
		if block {
			raw = <-c.replies
			block = false
		} else {
			select {
			case raw = <-c.replies:
			default:
				return
			}
		}
		var m message
		if err := json.Unmarshal([]byte(raw), &m); err != nil || m.Ready {
			continue
		}
		t := c.inflight
		if t == nil || (m.Seq != t.seq && m.Seq != 0) {
			continue // the answer of a run that timed out
		}
		c.inflight = nil
		js.Global().Call("clearTimeout", t.timer)
		var r job.Result
		switch {
		case m.Timeout:
			c.stopWorker() // the only way to stop a computing guest
			c.Stats.Restarts++
			r = job.Result{Output: fmt.Sprintf("Killed: the command ran longer than the sandbox allows (%s).\n", c.limit(t.kind)), Code: 137, Limit: "time"}
			if t.kind == job.HTTP {
				r.Body = "This site can’t be reached\n" + t.job.Machine.PublicDNS + " took too long to respond.\n" + job.TimedOut + "\n"
				r.Output = ""
			}
		case m.Error != "":
			r = job.Result{Output: "guest runtime: " + m.Error + "\n", Code: 1, Body: "guest runtime: " + m.Error + "\n"}
			if m.Seq == 0 {
				c.stopWorker()
			}
		default:
			var err error
			if r, err = job.DecodeResult(m.Result); err != nil {
				r = job.Result{Output: "guest runtime: " + err.Error() + "\n", Code: 1}
			}
		}
		c.Stats.LastRun = time.Since(t.sent)
		if !c.warm && !m.Timeout && m.Error == "" {
			c.warm = true
			c.Stats.FirstRun = c.Stats.LastRun
		}
		c.Stats.Completed++
		t.finish(w, t.job, r)
	}
}

func (c *Client) limit(kind string) time.Duration {
	switch kind {
	case job.Boot:
		return c.Limits.Boot
	case job.HTTP:
		return c.Limits.HTTP
	}
	return c.Limits.Exec
}

// send posts a run to the worker (starting it if needed) with a timer.
func (c *Client) send(t *task, j job.Job) {
	t.job = j
	data, err := job.Encode(j)
	if err != nil {
		t.finish(nil, job.Job{}, job.Result{Output: "guest runtime: " + err.Error() + "\n", Code: 1})
		return
	}
	c.startWorker()
	limit := c.limit(t.kind)
	if !c.warm {
		limit += c.Limits.Start
	}
	req, _ := json.Marshal(struct {
		Seq int             `json:"seq"`
		Job json.RawMessage `json:"job"`
	}{t.seq, data})
	c.inflight = t
	t.sent = time.Now()
	seq, replies, onUpdate := t.seq, c.replies, c.OnUpdate
	var fire js.Func
	fire = js.FuncOf(func(js.Value, []js.Value) any {
		fire.Release()
		go func() { replies <- fmt.Sprintf(`{"seq":%d,"timeout":true}`, seq) }()
		if onUpdate != nil {
			go onUpdate()
		}
		return nil
	})
	t.timer = js.Global().Call("setTimeout", fire, limit.Milliseconds())
	c.worker.Call("postMessage", string(req))
}

func (c *Client) startWorker() {
	if c.worker.Truthy() {
		return
	}
	c.Stats.Starts++
	c.warm = false
	c.worker = js.Global().Get("Worker").New(c.base + "worker.js")
	if c.onMsg.IsUndefined() {
		c.onMsg = js.FuncOf(func(_ js.Value, args []js.Value) any {
			data := args[0].Get("data").String()
			go func() { c.replies <- data }()
			if c.OnUpdate != nil {
				go c.OnUpdate()
			}
			return nil
		})
	}
	c.worker.Set("onmessage", c.onMsg)
}

func (c *Client) stopWorker() {
	if c.worker.Truthy() {
		c.worker.Call("terminate")
	}
	c.worker = js.Undefined()
}
