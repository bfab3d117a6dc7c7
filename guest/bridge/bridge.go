// Package bridge connects the world to the guest runtime: it builds jobs
// (package job) from the world, applying the engine's rules on the way (an
// instance must be running; the security groups must let SSH, HTTP and the
// traffic between instances through), and applies a run's result back (the
// volumes' new trees, a shutdown the guest asked for). Both guest runtimes,
// the native one (package local) and the browser's client, use it.
package bridge

import (
	"path"
	"strconv"
	"strings"

	"amilab/engine"
	"amilab/guest/job"
)

// mountPoint is where the guest sees a volume.
func mountPoint(d engine.Disk) string {
	switch {
	case d.Root:
		return "/"
	case d.InstanceStore:
		return "/media/" + d.VirtualName
	}
	return "/mnt/" + path.Base(d.Device)
}

// machine snapshots an instance with its volumes.
func machine(w *engine.World, id string) (job.Machine, bool) {
	g, ok := w.GuestInfo(id)
	if !ok {
		return job.Machine{}, false
	}
	m := job.Machine{Info: job.Info(g)}
	for _, d := range w.Disks(id) {
		t, _ := w.DiskTree(id, d.Device)
		m.Disks = append(m.Disks, job.Disk{Device: d.Device, Mount: mountPoint(d), SizeGB: d.SizeGB, InstanceStore: d.InstanceStore, Root: d.Root, Tree: t})
	}
	return m, true
}

// probePorts are the ports whose reachability a peer entry always records.
var probePorts = []int{22, 80, 443, 8080}

// peers snapshots the other running instances of the machine's region:
// addresses and reachable ports for all, file trees only for those with a
// reachable server.
func peers(w *engine.World, self job.Machine) []job.Machine {
	var out []job.Machine
	for _, id := range w.RunningInstances(self.Region) {
		if id == self.InstanceID {
			continue
		}
		p, ok := machine(w, id)
		if !ok {
			continue
		}
		ports := append([]int(nil), probePorts...)
		if entries, err := p.RootTree().ReadDir(job.ListenDir); err == nil {
			for _, e := range entries {
				if n, err := strconv.Atoi(e.Name); err == nil && !contains(ports, n) {
					ports = append(ports, n)
				}
			}
		}
		serving := false
		for _, port := range ports {
			if w.Allows(id, port, self.InstanceID) {
				p.Ports = append(p.Ports, port)
				serving = serving || p.Listening(port)
			}
		}
		if !serving {
			p.Disks = nil
		}
		out = append(out, p)
	}
	return out
}

func contains(list []int, n int) bool {
	for _, v := range list {
		if v == n {
			return true
		}
	}
	return false
}

// NewBoot is the job of an instance's boot. ok is false when the instance
// runs no guest programs (it is gone or no longer running, or runs Windows).
func NewBoot(w *engine.World, id string, first bool) (job.Job, bool) {
	m, ok := machine(w, id)
	if !ok || m.Platform == "windows" || m.State != engine.StateRunning {
		return job.Job{}, false
	}
	return job.Job{Kind: job.Boot, Machine: m, Peers: peers(w, m), Now: w.Now(), First: first}, true
}

// host is how a client outside the instance names it.
func host(g job.Info) string {
	switch {
	case g.PublicDNS != "":
		return g.PublicDNS
	case g.PublicIP != "":
		return g.PublicIP
	}
	return g.InstanceID
}

// NewExec is the job of one command line typed by the connected user. When
// the user cannot connect it returns what ssh prints instead.
func NewExec(w *engine.World, id, line string, s job.Session) (job.Job, *job.Result) {
	m, ok := machine(w, id)
	if !ok {
		return job.Job{}, &job.Result{Output: "ssh: Could not resolve hostname " + id + ": Name or service not known\n", Code: job.ExitSSH}
	}
	if m.State != engine.StateRunning || m.Platform == "windows" || !w.Allows(id, job.SSHPort, engine.LearnerAddress) {
		return job.Job{}, &job.Result{Output: "ssh: connect to host " + host(m.Info) + " port 22: Connection timed out\n", Code: job.ExitSSH}
	}
	return job.Job{Kind: job.Exec, Machine: m, Peers: peers(w, m), Now: w.Now(), Line: line, Session: s}, nil
}

// unreachable is the page a browser shows when no server answers.
func unreachable(why, code string) *job.Result {
	return &job.Result{Body: "This site can’t be reached\n" + why + "\n" + code + "\n", Code: 1}
}

// NewHTTP is the job of a request from a client address (the learner's
// browser, engine.LearnerAddress) to the instance's port 80. When no server
// can answer it returns what the browser shows instead.
func NewHTTP(w *engine.World, id, target, from string) (job.Job, *job.Result) {
	m, ok := machine(w, id)
	if !ok || m.State != engine.StateRunning || m.PublicDNS == "" {
		return job.Job{}, unreachable(id+"’s server IP address could not be found.", job.NotResolved)
	}
	h := host(m.Info)
	switch {
	case !w.Allows(id, job.HTTPPort, from):
		return job.Job{}, unreachable(h+" took too long to respond.", job.TimedOut)
	case m.Platform == "windows" || !m.Listening(job.HTTPPort):
		return job.Job{}, unreachable(h+" refused to connect.", job.Refused)
	}
	if !strings.HasPrefix(target, "/") {
		target = "/" + target
	}
	return job.Job{Kind: job.HTTP, Machine: m, Now: w.Now(), Method: "GET", Path: target, From: from, Agent: job.BrowserAgent}, nil
}

// Apply carries a run's effects into the world: the changed volumes (only
// while the instance is still in the state the run started in: a stop or
// a host failure meanwhile wins) and a shutdown the guest asked for.
func Apply(w *engine.World, j job.Job, r job.Result) {
	g, ok := w.GuestInfo(j.Machine.InstanceID)
	if !ok || g.Epoch != j.Machine.Epoch {
		return
	}
	for dev, t := range r.Trees {
		w.SetDiskTree(g.InstanceID, dev, t)
	}
	switch r.Power {
	case "poweroff":
		w.GuestShutdown(g.InstanceID)
	case "reboot":
		if j.Kind != job.Boot {
			w.RebootInstances(engine.Caller{Account: g.Owner, Region: g.Region}, &engine.RebootInstancesInput{InstanceIds: []string{g.InstanceID}})
		}
	}
}
