// Package job is the contract between the world and the guest runtime. A
// Job is a self-contained snapshot of what one guest run needs (the
// instance, its volumes' file trees, the instances it may reach, the virtual
// time); a Result is what the run did (output, changed trees, a shutdown).
//
// Building jobs and applying results happen on the world's side, where the
// engine's rules are (an instance must be running, security groups must let
// the traffic in); running them happens in the guest runtime, natively in the
// same process or in the browser's Web Worker (jobs and results travel as
// JSON). The package does not import wazero.
package job

import (
	"path"
	"strconv"
	"strings"
	"time"

	"amilab/engine"
	"amilab/engine/vfs"
	"amilab/guest/distro"
)

func distroUser(osID string) string { return distro.Lookup(osID).User }
func home(user string) string       { return distro.Home(user) }

// Kinds of run.
const (
	Boot = "boot" // init at every boot; cloud-init runs user data on the first
	Exec = "exec" // one command line of a connected user
	HTTP = "http" // one HTTP request to the instance's web server
)

// Job is one guest run.
type Job struct {
	Kind    string    `json:"kind"`
	Machine Machine   `json:"machine"`
	Peers   []Machine `json:"peers,omitempty"` // other running instances the machine may reach
	Now     time.Time `json:"now"`
	First   bool      `json:"first,omitempty"` // Boot: the instance's first boot
	Line    string    `json:"line,omitempty"`  // Exec: the command line
	Session Session   `json:"session"`         // Exec: the login session
	Method  string    `json:"method,omitempty"`
	Path    string    `json:"path,omitempty"` // HTTP: the request target
	From    string    `json:"from,omitempty"` // HTTP: the client's address
	Agent   string    `json:"agent,omitempty"`
}

// Machine is an instance with its mounted volumes.
type Machine struct {
	engine.GuestInfo
	Disks []Disk `json:"disks"`
	// Ports lists, for a peer, the TCP ports the job's machine may reach on
	// it through the security groups.
	Ports []int `json:"ports,omitempty"`
}

// Disk is one volume and where the guest sees it.
type Disk struct {
	Device        string   `json:"device"`
	Mount         string   `json:"mount"`
	SizeGB        int      `json:"sizeGB"`
	InstanceStore bool     `json:"instanceStore,omitempty"`
	Root          bool     `json:"root,omitempty"`
	Tree          vfs.Tree `json:"-"`
	// Files carries Tree across JSON (see Encode).
	Files map[string][]byte `json:"files,omitempty"`
}

// Session is the state of a login session between command lines.
type Session struct {
	User string            `json:"user,omitempty"`
	Dir  string            `json:"dir,omitempty"`
	Env  map[string]string `json:"env,omitempty"`
}

// Result is what a run did.
type Result struct {
	Output string `json:"output"`
	Code   int    `json:"code"`
	// Status is an HTTP run's status code, 0 when no server answered.
	Status int    `json:"status,omitempty"`
	Body   string `json:"body,omitempty"`
	// Trees holds the machine's volumes the run changed, by device.
	Trees map[string]vfs.Tree          `json:"-"`
	Files map[string]map[string][]byte `json:"trees,omitempty"` // Trees across JSON
	// Power is "poweroff" or "reboot" when the guest asked for it.
	Power string `json:"power,omitempty"`
	// Session is the login session after an Exec; Closed when it ended.
	Session *Session `json:"session,omitempty"`
	Closed  bool     `json:"closed,omitempty"`
	// Limit names the limit that stopped the run, if one did.
	Limit string `json:"limit,omitempty"`
}

// SSH and HTTP as a client outside the instance sees them.
const (
	SSHPort  = 22
	HTTPPort = 80
	// ExitSSH is ssh's status when it cannot connect.
	ExitSSH = 255
	// BrowserAgent is the User-Agent of the sandbox's browser view.
	BrowserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
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
func machine(w *engine.World, id string) (Machine, bool) {
	g, ok := w.GuestInfo(id)
	if !ok {
		return Machine{}, false
	}
	m := Machine{GuestInfo: g}
	for _, d := range w.Disks(id) {
		t, _ := w.DiskTree(id, d.Device)
		m.Disks = append(m.Disks, Disk{Device: d.Device, Mount: mountPoint(d), SizeGB: d.SizeGB, InstanceStore: d.InstanceStore, Root: d.Root, Tree: t})
	}
	return m, true
}

// RootTree is the machine's root volume.
func (m Machine) RootTree() vfs.Tree {
	for _, d := range m.Disks {
		if d.Root {
			return d.Tree
		}
	}
	return vfs.Tree{}
}

// ListenDir is where a machine's servers record the ports they listen on
// (see the guest programs).
const ListenDir = "/run/amilab/listen"

// Listening reports whether a server listens on a TCP port of the machine.
func (m Machine) Listening(port int) bool {
	_, err := m.RootTree().Stat(ListenDir + "/" + strconv.Itoa(port))
	return err == nil
}

// probePorts are the ports whose reachability a peer entry always records.
var probePorts = []int{22, 80, 443, 8080}

// peers snapshots the other running instances of the machine's region:
// addresses and reachable ports for all, file trees only for those with a
// reachable server.
func peers(w *engine.World, self Machine) []Machine {
	var out []Machine
	for _, id := range w.RunningInstances(self.Region) {
		if id == self.InstanceID {
			continue
		}
		p, ok := machine(w, id)
		if !ok {
			continue
		}
		ports := append([]int(nil), probePorts...)
		if entries, err := p.RootTree().ReadDir(ListenDir); err == nil {
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
func NewBoot(w *engine.World, id string, first bool) (Job, bool) {
	m, ok := machine(w, id)
	if !ok || m.Platform == "windows" || m.State != engine.StateRunning {
		return Job{}, false
	}
	return Job{Kind: Boot, Machine: m, Peers: peers(w, m), Now: w.Now(), First: first}, true
}

// host is how a client outside the instance names it.
func host(g engine.GuestInfo) string {
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
func NewExec(w *engine.World, id, line string, s Session) (Job, *Result) {
	m, ok := machine(w, id)
	if !ok {
		return Job{}, &Result{Output: "ssh: Could not resolve hostname " + id + ": Name or service not known\n", Code: ExitSSH}
	}
	if m.State != engine.StateRunning || m.Platform == "windows" || !w.Allows(id, SSHPort, engine.LearnerAddress) {
		return Job{}, &Result{Output: "ssh: connect to host " + host(m.GuestInfo) + " port 22: Connection timed out\n", Code: ExitSSH}
	}
	return Job{Kind: Exec, Machine: m, Peers: peers(w, m), Now: w.Now(), Line: line, Session: s}, nil
}

// Browser-view errors, worded as Chromium words them.
const (
	NotResolved = "ERR_NAME_NOT_RESOLVED"
	TimedOut    = "ERR_CONNECTION_TIMED_OUT"
	Refused     = "ERR_CONNECTION_REFUSED"
)

// unreachable is the page a browser shows when no server answers.
func unreachable(h, why, code string) *Result {
	return &Result{Body: "This site can’t be reached\n" + h + " " + why + "\n" + code + "\n", Code: 1}
}

// NewHTTP is the job of a request from a client address (the learner's
// browser, engine.LearnerAddress) to the instance's port 80. When no server
// can answer it returns what the browser shows instead.
func NewHTTP(w *engine.World, id, target, from string) (Job, *Result) {
	m, ok := machine(w, id)
	if !ok || m.State != engine.StateRunning || m.PublicDNS == "" {
		return Job{}, unreachable(id, "’s server IP address could not be found.", NotResolved)
	}
	h := host(m.GuestInfo)
	switch {
	case !w.Allows(id, HTTPPort, from):
		return Job{}, unreachable(h, "took too long to respond.", TimedOut)
	case m.Platform == "windows" || !m.Listening(HTTPPort):
		return Job{}, unreachable(h, "refused to connect.", Refused)
	}
	if !strings.HasPrefix(target, "/") {
		target = "/" + target
	}
	return Job{Kind: HTTP, Machine: m, Now: w.Now(), Method: "GET", Path: target, From: from, Agent: BrowserAgent}, nil
}

// Apply carries a run's effects into the world: the changed volumes (only
// while the instance is still in the state the run started in: a stop or
// a host failure meanwhile wins) and a shutdown the guest asked for.
func Apply(w *engine.World, j Job, r Result) {
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
		if j.Kind != Boot {
			w.RebootInstances(engine.Caller{Account: g.Owner, Region: g.Region}, &engine.RebootInstancesInput{InstanceIds: []string{g.InstanceID}})
		}
	}
}

// Prompt is the shell prompt of a session, as Amazon Linux's bash shows it.
func Prompt(g engine.GuestInfo, s Session) string {
	user := s.User
	if user == "" {
		user = distroUser(g.OS)
	}
	host, _, _ := strings.Cut(g.PrivateDNS, ".")
	dir := path.Base(s.Dir)
	switch {
	case s.Dir == "" || s.Dir == home(user):
		dir = "~"
	case s.Dir == "/":
		dir = "/"
	}
	sign := "$"
	if user == "root" {
		sign = "#"
	}
	return "[" + user + "@" + host + " " + dir + "]" + sign + " "
}
