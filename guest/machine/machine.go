// Package machine runs guest jobs (see package job) under wazero: it mounts
// the instance's volume trees into the guest through WASI (package treefs),
// gives it the world's virtual clock, a /proc describing the instance, and
// host functions for the network (routed to other instances and to the
// instance metadata service, through the security groups) and for power.
//
// Every run is bounded: by time (a context deadline; natively wazero's
// compiled code checks it), by output, by memory (wazero's memory limit) and
// by stack depth (the guest's own limit); a run stopped by a limit reports
// which one in plain words, and nothing of it outlives the run.
//
// Natively the runtime compiles the guest with wazero's compiler; in the
// browser's Web Worker it uses the interpreter (see package worker), where
// a context deadline cannot interrupt a computing guest: the page ends the
// worker instead.
package machine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"amilab/engine/vfs"
	"amilab/guest/job"
	"amilab/guest/treefs"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/experimental/sysfs"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"github.com/tetratelabs/wazero/sys"
)

// Limits bound one guest run.
type Limits struct {
	Exec, Boot, HTTP time.Duration // time for a command line, a boot, a web request
	Output           int           // bytes of output kept; a run printing more is stopped
	MemoryMiB        int           // memory one guest program may use
	DiskBytes        int64         // real data one volume may hold
}

// DefaultLimits are the sandbox's limits.
func DefaultLimits() Limits {
	return Limits{Exec: 5 * time.Second, Boot: 10 * time.Second, HTTP: 3 * time.Second,
		Output: 64 << 10, MemoryMiB: 128, DiskBytes: 8 << 20}
}

// Options configure a Runtime.
type Options struct {
	Limits Limits
	// Interpreter selects wazero's interpreter instead of its compiler.
	Interpreter bool
	// Cache keeps compiled code between runtimes (and, with a directory,
	// between processes); nil compiles afresh.
	Cache wazero.CompilationCache
}

// Runtime runs jobs with one compiled guest program. It is safe for
// concurrent use, but the jobs it runs are not synchronised with each other.
type Runtime struct {
	rt       wazero.Runtime
	compiled wazero.CompiledModule
	limits   Limits
}

// New compiles the guest program (the multi-call busybox built for wasip1).
func New(ctx context.Context, wasm []byte, o Options) (*Runtime, error) {
	if o.Limits == (Limits{}) {
		o.Limits = DefaultLimits()
	}
	cfg := wazero.NewRuntimeConfig()
	if o.Interpreter {
		cfg = wazero.NewRuntimeConfigInterpreter()
	}
	cfg = cfg.WithMemoryLimitPages(uint32(o.Limits.MemoryMiB) * 16).WithCloseOnContextDone(true)
	if o.Cache != nil {
		cfg = cfg.WithCompilationCache(o.Cache)
	}
	rt := wazero.NewRuntimeWithConfig(ctx, cfg)
	r := &Runtime{rt: rt, limits: o.Limits}
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		rt.Close(ctx)
		return nil, err
	}
	if err := r.hostModule(ctx); err != nil {
		rt.Close(ctx)
		return nil, err
	}
	compiled, err := rt.CompileModule(ctx, wasm)
	if err != nil {
		rt.Close(ctx)
		return nil, fmt.Errorf("compiling the guest program: %w", err)
	}
	r.compiled = compiled
	return r, nil
}

// Close releases the runtime.
func (r *Runtime) Close(ctx context.Context) error { return r.rt.Close(ctx) }

// Limits are the runtime's limits.
func (r *Runtime) Limits() Limits { return r.limits }

// mounted is a machine's volumes as file systems during a run.
type mounted struct {
	machine *job.Machine
	disks   []*treefs.FS
	proc    *treefs.FS
}

// run is the state of one job's run, shared by the guests it starts.
type run struct {
	r      *Runtime
	job    *job.Job
	mounts map[string]*mounted // by instance id
	power  string
	sess   *job.Session
	closed bool
}

// runKey finds the guest's run and machine in a host function's context.
type runKey struct{}

type guestCtx struct {
	run     *run
	machine *mounted
	depth   int
	result  []byte // the last host answer, for amilab.result
}

// Run runs a job and returns what it did. It never panics on guest
// misbehaviour; a limit that stopped the run is named in the result.
func (r *Runtime) Run(ctx context.Context, j job.Job) job.Result {
	ru := &run{r: r, job: &j, mounts: map[string]*mounted{}}
	self := ru.mount(&j.Machine)
	var res job.Result
	switch j.Kind {
	case job.Boot:
		res = ru.guest(ctx, self, r.limits.Boot, []string{"init"}, bootEnv())
	case job.Exec:
		if strings.TrimSpace(j.Line) == "" {
			res = job.Result{Output: motd(self)}
			break
		}
		res = ru.guest(ctx, self, r.limits.Exec, []string{"sh", "-c", j.Line}, sessionEnv(&j.Machine, j.Session))
		res.Session, res.Closed = ru.sess, ru.closed
		switch {
		case ru.power != "":
			res.Output += "Connection to " + hostOf(&j.Machine) + " closed by remote host.\n"
			res.Closed = true
		case ru.closed:
			res.Output += "Connection to " + hostOf(&j.Machine) + " closed.\n"
		}
	case job.HTTP:
		raw, errCode, _ := ru.serve(ctx, self, job.HTTPPort, j.Method, j.Path, j.From, j.Agent, 0)
		if errCode != 0 {
			res = job.Result{Body: "This site can’t be reached\n" + hostOf(&j.Machine) + " refused to connect.\n" + job.Refused + "\n", Code: 1}
			break
		}
		res.Status, res.Body = parseResponse(raw)
	default:
		return job.Result{Output: "unknown job kind " + j.Kind + "\n", Code: 1}
	}
	res.Power = ru.power
	for i, d := range self.machine.Disks {
		if !self.disks[i].Tree().Same(d.Tree) {
			if res.Trees == nil {
				res.Trees = map[string]vfs.Tree{}
			}
			res.Trees[d.Device] = self.disks[i].Tree()
		}
	}
	return res
}

// mount makes file systems of a machine's volumes (once per run).
func (ru *run) mount(m *job.Machine) *mounted {
	if mt := ru.mounts[m.InstanceID]; mt != nil {
		return mt
	}
	mt := &mounted{machine: m}
	now := ru.job.Now.UnixNano()
	for _, d := range m.Disks {
		mt.disks = append(mt.disks, treefs.New(d.Tree, treefs.Options{Quota: ru.r.limits.DiskBytes, Time: now}))
	}
	// Mount points exist on the root volume, as the instance's init makes them.
	for i, d := range m.Disks {
		if d.Root {
			t := mt.disks[i].Tree()
			for _, o := range m.Disks {
				if !o.Root {
					if _, err := t.Stat(o.Mount); err != nil {
						if nt, err := t.MkdirAll(o.Mount); err == nil {
							t = nt
						}
					}
				}
			}
			if !t.Same(d.Tree) {
				mt.disks[i] = treefs.New(t, treefs.Options{Quota: ru.r.limits.DiskBytes, Time: now})
			}
		}
	}
	mt.proc = treefs.New(procTree(m, mt), treefs.Options{Time: now, ReadOnly: true})
	ru.mounts[m.InstanceID] = mt
	return mt
}

// rootFS is a machine's root volume during the run.
func (mt *mounted) rootFS() *treefs.FS {
	for i, d := range mt.machine.Disks {
		if d.Root {
			return mt.disks[i]
		}
	}
	return treefs.New(vfs.Tree{}, treefs.Options{ReadOnly: true})
}

// output keeps a run's output up to a limit; past it the run is stopped.
type output struct {
	buf    bytes.Buffer
	limit  int
	over   bool
	cancel context.CancelFunc
}

var errOutputLimit = errors.New("output limit reached")

func (o *output) Write(p []byte) (int, error) {
	if o.over {
		return 0, errOutputLimit
	}
	if room := o.limit - o.buf.Len(); len(p) > room {
		o.buf.Write(p[:room])
		o.over = true
		o.cancel()
		return room, errOutputLimit
	}
	return o.buf.Write(p)
}

// guest runs the busybox with args on the job's own machine.
func (ru *run) guest(ctx context.Context, mt *mounted, limit time.Duration, args []string, env map[string]string) job.Result {
	return ru.guestWith(ctx, mt, limit, ru.r.limits.Output, args, env, 0)
}

// guestWith runs the busybox with args on a machine and returns its output
// and status, with a plain account of any limit that stopped it. depth
// counts the runs in progress below it (a request to a web server).
func (ru *run) guestWith(ctx context.Context, mt *mounted, limit time.Duration, maxOut int, args []string, env map[string]string, depth int) job.Result {
	r := ru.r
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	out := &output{limit: maxOut, cancel: cancel}
	gc := &guestCtx{run: ru, machine: mt, depth: depth}
	ctx = context.WithValue(ctx, runKey{}, gc)

	fsc := wazero.NewFSConfig()
	for i, d := range mt.machine.Disks {
		if d.Root {
			fsc = fsc.(sysfs.FSConfig).WithSysFSMount(mt.disks[i], "/")
		}
	}
	for i, d := range mt.machine.Disks {
		if !d.Root {
			fsc = fsc.(sysfs.FSConfig).WithSysFSMount(mt.disks[i], d.Mount)
		}
	}
	fsc = fsc.(sysfs.FSConfig).WithSysFSMount(mt.proc, "/proc")
	now := ru.job.Now
	// WASI cannot pass NUL characters; a terminal cannot type them either.
	for i, a := range args {
		args[i] = strings.ReplaceAll(a, "\x00", "")
	}
	cfg := wazero.NewModuleConfig().WithName("").WithArgs(args...).
		WithStdin(bytes.NewReader(nil)).WithStdout(out).WithStderr(out).WithFSConfig(fsc).
		WithWalltime(func() (int64, int32) { return now.Unix(), int32(now.Nanosecond()) }, sys.ClockResolution(time.Millisecond)).
		WithSysNanotime()
	for k, v := range env {
		if k != "" && !strings.ContainsAny(k, "=\x00") {
			cfg = cfg.WithEnv(k, strings.ReplaceAll(v, "\x00", ""))
		}
	}
	mod, err := r.rt.InstantiateModule(ctx, r.compiled, cfg)
	if mod != nil {
		mod.Close(context.Background())
	}
	res := job.Result{}
	var exit *sys.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.ExitCode() == sys.ExitCodeDeadlineExceeded:
		res.Limit = "time"
	case errors.As(err, &exit) && exit.ExitCode() == sys.ExitCodeContextCanceled:
		if out.over {
			res.Limit = "output"
		} else {
			res.Limit = "time"
		}
	case errors.As(err, &exit):
		res.Code = int(exit.ExitCode())
	default:
		res.Code = 134
		res.Limit = "crash"
		if strings.Contains(err.Error(), "stack") {
			res.Limit = "stack"
		}
	}
	text := out.buf.String()
	if out.over {
		res.Limit = "output"
	}
	if res.Limit == "" && res.Code == 2 {
		switch {
		case strings.Contains(text, "stack overflow") || strings.Contains(text, "stack exceeds"):
			res.Limit = "stack"
		case strings.Contains(text, "out of memory"):
			res.Limit = "memory"
		}
	}
	res.Output = text
	if res.Limit != "" {
		res.Output, res.Code = explain(text, res.Limit, limit, r.limits, err)
	}
	return res
}

// explain replaces a runtime's crash report with what a learner should
// read, and gives the shell's status for a killed program.
func explain(text, limit string, d time.Duration, l Limits, err error) (string, int) {
	if i := strings.Index(text, "runtime: "); i >= 0 && limit != "output" && limit != "time" {
		text = text[:i]
	} else if i := strings.Index(text, "fatal error:"); i >= 0 && limit != "output" && limit != "time" {
		text = text[:i]
	}
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	switch limit {
	case "time":
		return text + fmt.Sprintf("Killed: the command ran longer than the sandbox allows (%s).\n", d), 137
	case "output":
		return text + fmt.Sprintf("\n[output truncated: the command printed more than %d KiB and was stopped]\n", l.Output>>10), 141
	case "memory":
		return text + fmt.Sprintf("Killed: out of memory (a program may use at most %d MiB in the sandbox).\n", l.MemoryMiB), 137
	case "stack":
		return text + "Segmentation fault (core dumped): the program recursed too deeply (stack overflow).\n", 139
	}
	return text + fmt.Sprintf("The program crashed: %v\n", err), 134
}

// parseResponse splits a raw HTTP response into status and body.
func parseResponse(raw string) (int, string) {
	head, body, _ := strings.Cut(raw, "\r\n\r\n")
	line, _, _ := strings.Cut(head, "\r\n")
	var status int
	if f := strings.Fields(line); len(f) >= 2 {
		fmt.Sscan(f[1], &status)
	}
	return status, body
}

func hostOf(m *job.Machine) string {
	if m.PublicDNS != "" {
		return m.PublicDNS
	}
	return m.PrivateIP
}

// motd is what a user sees on connecting.
func motd(mt *mounted) string {
	data, _ := mt.rootFS().Tree().ReadFile("/etc/motd")
	return string(data)
}

func bootEnv() map[string]string {
	return map[string]string{"AMILAB_BOOT": "1", "USER": "root", "LOGNAME": "root", "HOME": "/root", "PWD": "/",
		"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
}
