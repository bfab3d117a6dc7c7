package engine

import "time"

// Instance state names.
const (
	StatePending      = "pending"
	StateRunning      = "running"
	StateShuttingDown = "shutting-down"
	StateTerminated   = "terminated"
	StateStopping     = "stopping"
	StateStopped      = "stopped"
)

// StateCodes maps each instance state to EC2's numeric code.
var StateCodes = map[string]int{
	StatePending: 0, StateRunning: 16, StateShuttingDown: 32,
	StateTerminated: 48, StateStopping: 64, StateStopped: 80,
}

// Action is a user request that can change an instance's state.
type Action string

// The actions of the state table.
const (
	ActStart     Action = "start"
	ActStop      Action = "stop"
	ActReboot    Action = "reboot"
	ActTerminate Action = "terminate"
)

// Outcome is what an action does to an instance in a given state: move it to
// Next, leave it as it is (NoOp, not an error), or fail with IncorrectInstanceState.
type Outcome struct {
	Next  string
	NoOp  bool
	Error bool
}

// Transitions is the state machine: (state, action) → outcome. Lessons,
// tests and the UI all read these rules from here.
var Transitions = map[string]map[Action]Outcome{
	StatePending: {
		ActStart: {NoOp: true}, ActStop: {Error: true}, ActReboot: {Error: true},
		ActTerminate: {Next: StateShuttingDown},
	},
	StateRunning: {
		ActStart: {NoOp: true}, ActStop: {Next: StateStopping}, ActReboot: {Next: StateRunning},
		ActTerminate: {Next: StateShuttingDown},
	},
	StateStopping: {
		ActStart: {Error: true}, ActStop: {NoOp: true}, ActReboot: {Error: true},
		ActTerminate: {Next: StateShuttingDown},
	},
	StateStopped: {
		ActStart: {Next: StatePending}, ActStop: {NoOp: true}, ActReboot: {Error: true},
		ActTerminate: {Next: StateShuttingDown},
	},
	StateShuttingDown: {
		ActStart: {Error: true}, ActStop: {Error: true}, ActReboot: {Error: true},
		ActTerminate: {NoOp: true},
	},
	StateTerminated: {
		ActStart: {Error: true}, ActStop: {Error: true}, ActReboot: {Error: true},
		ActTerminate: {NoOp: true},
	},
}

// Timed is a transition that happens by itself after a delay.
type Timed struct {
	Next  string
	After time.Duration
}

// TimedTransitions lists the states that move on by themselves, and after how long.
var TimedTransitions = map[string]Timed{
	StatePending:      {Next: StateRunning, After: 20 * time.Second},
	StateStopping:     {Next: StateStopped, After: 15 * time.Second},
	StateShuttingDown: {Next: StateTerminated, After: 15 * time.Second},
}

// Other durations of the simulation.
const (
	// InstanceStoreBoot is the longer boot of an instance-store-backed instance
	// (its root is copied from the image bundle).
	InstanceStoreBoot = 60 * time.Second
	// TerminatedVisibleFor is how long a terminated instance stays listed.
	TerminatedVisibleFor = time.Hour
	// ImageCreateTime is how long a new image stays pending.
	ImageCreateTime = 2 * time.Minute
	// ImageCopyTime is how long a copied image stays pending.
	ImageCopyTime = 3 * time.Minute
	// SnapshotTime is how long a snapshot stays pending.
	SnapshotTime = time.Minute
	// MinimumBilled is the least billed each time an instance enters running.
	MinimumBilled = 60 * time.Second
)

// actionVerb is how an IncorrectInstanceState message names each action.
var actionVerb = map[Action]string{ActStart: "started", ActStop: "stopped", ActReboot: "rebooted", ActTerminate: "terminated"}

func incorrectState(id string, a Action) *Error {
	return errf(CodeIncorrectInstanceState, "The instance '%s' is not in a state from which it can be %s.", id, actionVerb[a])
}

func stateOf(name string) InstanceState { return InstanceState{Code: StateCodes[name], Name: name} }
