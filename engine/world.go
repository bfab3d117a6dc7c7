package engine

import (
	"container/heap"
	"fmt"
	"sort"
	"time"

	"amilab/engine/vfs"
)

// Options fix everything a new world starts from.
type Options struct {
	Seed  int64     // seeds the id generator; 0 means 1
	Start time.Time // the virtual clock's start; zero means DefaultStart
}

// DefaultStart is the virtual clock's start when Options.Start is zero.
var DefaultStart = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// Caller names who calls and where: the calling account id and the region.
type Caller struct {
	Account string
	Region  string
}

// World is the whole simulated cloud. It is not safe for concurrent use.
type World struct {
	s     *state
	index index
	// baseTrees shares the starting root tree of each catalogue image between regions.
	baseTrees map[string]vfs.Tree
	// revision counts changes, so a viewer can tell whether to redraw.
	revision uint64
	// Hooks, when set, is told about boots, stops and terminations (the guest runtime).
	Hooks Hooks
}

// Hooks lets a guest runtime follow instances. Its methods may write the
// instance's disks (SetDiskTree) and shut it down from inside (GuestShutdown),
// but must not make API calls.
type Hooks interface {
	// Booted runs after an instance reaches running; firstBoot is true once per instance.
	Booted(w *World, instanceID string, firstBoot bool)
	// Halted runs after an instance stops running (stop, terminate, host failure).
	Halted(w *World, instanceID string)
}

// state is everything a save holds.
type state struct {
	Format        string                  `json:"format"`
	Version       int                     `json:"version"`
	Seed          int64                   `json:"seed"`
	Start         time.Time               `json:"start"`
	Now           time.Time               `json:"now"`
	Counter       uint64                  `json:"counter"`
	Seq           uint64                  `json:"seq"`
	Used          map[string]bool         `json:"used"`
	Accounts      []*Account              `json:"accounts"`
	Networks      map[string]*network     `json:"networks"` // key: account/region
	Instances     map[string]*instanceRec `json:"instances"`
	Images        map[string]*imageRec    `json:"images"`
	Volumes       map[string]*volumeRec   `json:"volumes"`
	Snapshots     map[string]*snapshotRec `json:"snapshots"`
	Groups        map[string]*groupRec    `json:"groups"`
	KeyPairs      map[string]*keyRec      `json:"keyPairs"`
	Subscriptions map[string][]string     `json:"subscriptions"` // account → product codes
	Tasks         taskQueue               `json:"tasks"`
	Events        []Event                 `json:"events"`
	Charges       []Charge                `json:"charges"`
	Trees         *treeTable              `json:"trees,omitempty"`
}

// network is an account's default VPC in one region.
type network struct {
	VpcId   string            `json:"VpcId"`
	Subnets map[string]string `json:"Subnets"` // zone → subnet id
	NextIP  int               `json:"NextIP"`
}

// New makes a fresh world: accounts, default networks and the public image catalogue.
func New(o Options) *World {
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Start.IsZero() {
		o.Start = DefaultStart
	}
	w := &World{s: &state{
		Format: saveFormat, Version: saveVersion, Seed: o.Seed, Start: o.Start.UTC(), Now: o.Start.UTC(),
		Used: map[string]bool{}, Accounts: defaultAccounts(), Networks: map[string]*network{},
		Instances: map[string]*instanceRec{}, Images: map[string]*imageRec{}, Volumes: map[string]*volumeRec{},
		Snapshots: map[string]*snapshotRec{}, Groups: map[string]*groupRec{}, KeyPairs: map[string]*keyRec{},
		Subscriptions: map[string][]string{},
	}}
	w.index = newIndex()
	for _, region := range regionNames {
		for _, a := range w.s.Accounts {
			w.networkFor(a.ID, region)
		}
		for _, p := range publicImages {
			w.addCatalogImage(region, p)
		}
	}
	return w
}

// Revision changes whenever the world does (a call, a transition, a write to
// a volume); the clock alone moving does not change it.
func (w *World) Revision() uint64 { return w.revision }

// Options returns the options the world was made with, for a reset.
func (w *World) Options() Options { return Options{Seed: w.s.Seed, Start: w.s.Start} }

// Now is the virtual time.
func (w *World) Now() time.Time { return w.s.Now }

// Accounts lists the simulated accounts.
func (w *World) Accounts() []Account {
	out := make([]Account, len(w.s.Accounts))
	for i, a := range w.s.Accounts {
		out[i] = *a
	}
	return out
}

// AccountByProfile finds the account a CLI profile selects ("default" and
// "learner" select the learner's), by profile, name or id.
func (w *World) AccountByProfile(profile string) (Account, bool) {
	if profile == "" || profile == "learner" {
		profile = "default"
	}
	for _, a := range w.s.Accounts {
		if a.Profile == profile || a.ID == profile {
			return *a, true
		}
	}
	return Account{}, false
}

// SetVcpuQuota sets an account's running On-Demand vCPU quota, as a quota
// increase granted through Service Quotas would.
func (w *World) SetVcpuQuota(account string, vcpus int) error {
	a := w.account(account)
	if a == nil {
		return errf(CodeInvalidParameterValue, "Unknown account %s", account)
	}
	if vcpus < 0 {
		return errf(CodeInvalidParameterValue, "A quota cannot be negative")
	}
	a.VcpuQuota = vcpus
	w.log(account, "", "SetVcpuQuota", account, "vCPU quota of %s set to %d", account, vcpus)
	return nil
}

func (w *World) account(id string) *Account {
	for _, a := range w.s.Accounts {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// check validates the caller.
func (w *World) check(c Caller) error {
	if w.account(c.Account) == nil {
		return errf(CodeAuthFailure, "AWS was not able to validate the provided access credentials")
	}
	if !knownRegion(c.Region) {
		return errf(CodeInvalidRegion, "Could not connect to the endpoint URL: \"https://ec2.%s.amazonaws.com/\"", c.Region)
	}
	return nil
}

func (w *World) networkFor(account, region string) *network {
	key := account + "/" + region
	if n := w.s.Networks[key]; n != nil {
		return n
	}
	n := &network{VpcId: w.newID(KindVpc), Subnets: map[string]string{}}
	for _, z := range zones(region) {
		n.Subnets[z] = w.newID(KindSubnet)
	}
	w.s.Networks[key] = n
	w.createDefaultGroup(account, region, n.VpcId)
	return n
}

// seq returns the next creation sequence number (the order of describe output).
func (w *World) seq() uint64 { w.s.Seq++; return w.s.Seq }

// Advance moves the virtual clock forward by d, carrying out every scheduled
// transition that falls due, in order. A negative d does nothing.
func (w *World) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	until := w.s.Now.Add(d)
	for len(w.s.Tasks) > 0 && !w.s.Tasks[0].At.After(until) {
		t := heap.Pop(&w.s.Tasks).(*task)
		w.s.Now = t.At
		w.run(t)
	}
	w.s.Now = until
}

// NextTransition is when the next scheduled transition happens, if any.
func (w *World) NextTransition() (time.Time, bool) {
	if len(w.s.Tasks) == 0 {
		return time.Time{}, false
	}
	return w.s.Tasks[0].At, true
}

// task is a transition scheduled on the virtual clock.
type task struct {
	At    time.Time `json:"at"`
	Seq   uint64    `json:"seq"`
	Kind  string    `json:"kind"`
	ID    string    `json:"id"`
	Epoch int       `json:"epoch"`
}

type taskQueue []*task

func (q taskQueue) Len() int { return len(q) }
func (q taskQueue) Less(i, j int) bool {
	if !q[i].At.Equal(q[j].At) {
		return q[i].At.Before(q[j].At)
	}
	return q[i].Seq < q[j].Seq
}
func (q taskQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *taskQueue) Push(x any)   { *q = append(*q, x.(*task)) }
func (q *taskQueue) Pop() any {
	old := *q
	t := old[len(old)-1]
	*q = old[:len(old)-1]
	return t
}

func (w *World) schedule(after time.Duration, kind, id string, epoch int) {
	heap.Push(&w.s.Tasks, &task{At: w.s.Now.Add(after), Seq: w.seq(), Kind: kind, ID: id, Epoch: epoch})
}

// run carries out one due task; stale tasks (the resource moved on) do nothing.
func (w *World) run(t *task) {
	switch t.Kind {
	case taskInstance:
		if in := w.s.Instances[t.ID]; in != nil && in.Epoch == t.Epoch {
			w.finishTransition(in)
		}
	case taskInstanceGone:
		if in := w.s.Instances[t.ID]; in != nil && in.State.Name == StateTerminated {
			w.forgetInstance(in)
		}
	case taskImage:
		if im := w.s.Images[t.ID]; im != nil && im.State == "pending" {
			im.State = "available"
			w.log(im.Owner, im.Region, "ImageAvailable", im.ImageId, "image %s (%s) is available", im.ImageId, im.Name)
		}
	case taskSnapshot:
		if sn := w.s.Snapshots[t.ID]; sn != nil && sn.State == "pending" {
			sn.State, sn.Progress = "completed", "100%"
			w.log(sn.OwnerId, sn.Region, "SnapshotCompleted", sn.SnapshotId, "snapshot %s is completed", sn.SnapshotId)
		}
	default:
		panic(fmt.Sprintf("engine: unknown task kind %q", t.Kind))
	}
}

const (
	taskInstance     = "instance"
	taskInstanceGone = "instance-gone"
	taskImage        = "image"
	taskSnapshot     = "snapshot"
)

// Event is one entry of the world's activity log.
type Event struct {
	Seq      uint64    `json:"Seq"`
	Time     time.Time `json:"Time"`
	Account  string    `json:"Account"`
	Region   string    `json:"Region"`
	Action   string    `json:"Action"`
	Resource string    `json:"Resource"`
	Message  string    `json:"Message"`
}

// maxEvents is how much of the activity log is kept: when it reaches twice
// this, the oldest entries are dropped (amortised constant time per entry).
const maxEvents = 500

func (w *World) log(account, region, action, resource, format string, args ...any) {
	w.revision++
	w.s.Events = append(w.s.Events, Event{Seq: w.seq(), Time: w.s.Now, Account: account, Region: region,
		Action: action, Resource: resource, Message: fmt.Sprintf(format, args...)})
	if n := len(w.s.Events); n >= 2*maxEvents {
		w.s.Events = append([]Event(nil), w.s.Events[n-maxEvents:]...)
	}
}

// Events returns the activity log visible to an account (its own events), oldest first.
func (w *World) Events(account string) []Event {
	var out []Event
	for _, e := range w.s.Events {
		if account == "" || e.Account == account {
			out = append(out, e)
		}
	}
	return out
}

// sortedBySeq returns the records in creation order.
func sortedBySeq[T any](items []T, seq func(T) uint64) []T {
	sort.Slice(items, func(i, j int) bool { return seq(items[i]) < seq(items[j]) })
	return items
}

// emptyTree is an unformatted instance-store disk or a blank volume.
var emptyTree vfs.Tree
