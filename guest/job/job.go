// Package job is the contract between the world and the guest runtime. A
// Job is a self-contained snapshot of what one guest run needs (the
// instance, its volumes' file trees, the instances it may reach, the virtual
// time); a Result is what the run did (output, changed trees, a shutdown).
//
// Package bridge builds jobs from the world and applies results to it, where
// the engine's rules are (an instance must be running, security groups must
// let the traffic in); the guest runtime runs them, natively in the same
// process or in the browser's Web Worker (jobs and results travel as JSON).
// The package imports neither the engine nor wazero.
package job

import (
	"path"
	"strconv"
	"strings"
	"time"

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

// Info describes an instance to its guest programs. It has the fields of
// engine.GuestInfo (the world side converts one into the other), so that the
// runtime, in the browser's worker, needs nothing of the engine.
type Info struct {
	InstanceID       string
	ImageID          string
	InstanceType     string
	Architecture     string
	OS               string
	Platform         string
	State            string
	Owner            string
	Region           string
	Zone             string
	PrivateIP        string
	PrivateDNS       string
	PublicIP         string
	PublicDNS        string
	KeyName          string
	UserData         string
	SecurityGroups   []string
	VCPU             int
	MemoryMiB        int
	LaunchTime       time.Time
	RootDevice       string
	ShutdownBehavior string
	Epoch            int
}

// Machine is an instance with its mounted volumes.
type Machine struct {
	Info
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

// Browser-view errors, worded as Chromium words them.
const (
	NotResolved = "ERR_NAME_NOT_RESOLVED"
	TimedOut    = "ERR_CONNECTION_TIMED_OUT"
	Refused     = "ERR_CONNECTION_REFUSED"
)

// Prompt is the shell prompt of a session, as Amazon Linux's bash shows it.
func Prompt(g Info, s Session) string {
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
