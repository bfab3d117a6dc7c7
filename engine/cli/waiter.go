package cli

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	jmespath "github.com/jmespath/go-jmespath"

	"amilab/engine"
)

// waiter polls a describe command until the resource reaches a state, as
// "aws ec2 wait" does. In the sandbox the wait between polls passes on the
// virtual clock.
type waiter struct {
	name        string // CLI name: "instance-running"
	op          string // the describe command it polls
	delay       time.Duration
	maxAttempts int
	acceptors   []acceptor
}

// acceptor is one rule of a waiter: when the response matches (or the call
// fails with the error code), the wait ends in success or failure, or goes on.
type acceptor struct {
	state    string // "success", "failure" or "retry"
	matcher  string // "path", "pathAll", "pathAny" or "error"
	argument string // the JMESPath expression of path matchers
	expected any    // the value to match, or the error code
}

func instanceStates(success string, failures ...string) []acceptor {
	const path = "Reservations[].Instances[].State.Name"
	acc := []acceptor{{"success", "pathAll", path, success}}
	for _, f := range failures {
		acc = append(acc, acceptor{"failure", "pathAny", path, f})
	}
	return append(acc, acceptor{"retry", "error", "", "InvalidInstanceID.NotFound"})
}

var waiters = []*waiter{
	{"instance-exists", "describe-instances", 5 * time.Second, 40, []acceptor{
		{"success", "path", "length(Reservations[]) > `0`", true},
		{"retry", "error", "", "InvalidInstanceID.NotFound"}}},
	{"instance-running", "describe-instances", 15 * time.Second, 40, instanceStates("running", "shutting-down", "terminated", "stopping")},
	{"instance-stopped", "describe-instances", 15 * time.Second, 40, instanceStates("stopped", "pending", "terminated")},
	{"instance-terminated", "describe-instances", 15 * time.Second, 40, instanceStates("terminated", "pending", "stopping")},
	{"instance-status-ok", "describe-instance-status", 15 * time.Second, 40, []acceptor{
		{"success", "pathAll", "InstanceStatuses[].InstanceStatus.Status", "ok"},
		{"retry", "error", "", "InvalidInstanceID.NotFound"}}},
	{"system-status-ok", "describe-instance-status", 15 * time.Second, 40, []acceptor{
		{"success", "pathAll", "InstanceStatuses[].SystemStatus.Status", "ok"}}},
	{"image-exists", "describe-images", 15 * time.Second, 40, []acceptor{
		{"success", "path", "length(Images[]) > `0`", true},
		{"retry", "error", "", "InvalidAMIID.NotFound"}}},
	{"image-available", "describe-images", 15 * time.Second, 40, []acceptor{
		{"success", "pathAll", "Images[].State", "available"},
		{"failure", "pathAny", "Images[].State", "failed"}}},
	{"snapshot-completed", "describe-snapshots", 15 * time.Second, 40, []acceptor{
		{"success", "pathAll", "Snapshots[].State", "completed"},
		{"failure", "pathAny", "Snapshots[].State", "error"}}},
	{"volume-available", "describe-volumes", 15 * time.Second, 40, []acceptor{
		{"success", "pathAll", "Volumes[].State", "available"},
		{"failure", "pathAny", "Volumes[].State", "deleted"}}},
	{"volume-in-use", "describe-volumes", 15 * time.Second, 40, []acceptor{
		{"success", "pathAll", "Volumes[].State", "in-use"},
		{"failure", "pathAny", "Volumes[].State", "deleted"}}},
	{"volume-deleted", "describe-volumes", 15 * time.Second, 40, []acceptor{
		{"success", "pathAll", "Volumes[].State", "deleted"},
		{"success", "error", "", "InvalidVolume.NotFound"}}},
}

func findWaiter(name string) *waiter {
	for _, w := range waiters {
		if w.name == name {
			return w
		}
	}
	return nil
}

func waiterNames() []string {
	names := make([]string, len(waiters))
	for i, w := range waiters {
		names[i] = w.name
	}
	return names
}

// runWait runs "aws <service> wait <waiter> [options]".
func (s *Session) runWait(sv *service, words []string, g *globals) Result {
	if len(words) == 0 {
		return usageResult(argparseError("the following arguments are required: subcommand"))
	}
	if words[0] == "help" {
		return Result{Output: waitHelp()}
	}
	w := findWaiter(words[0])
	if w == nil {
		return usageResult(invalidChoice("subcommand", words[0], append(sorted(waiterNames()), "help")))
	}
	op := sv.op(w.op)
	in, caller, stop := s.prepare(op, words[1:], g)
	if stop != nil {
		return *stop
	}
	api := camelName(w.name)
	for attempt := 1; ; attempt++ {
		out, err := op.call(s, caller, clone(in))
		state, reason := w.judge(out, err)
		switch state {
		case "success":
			return Result{}
		case "failure":
			return Result{Output: fmt.Sprintf("\nWaiter %s failed: %s\n", api, reason), ExitCode: exitGeneral}
		}
		if attempt >= w.maxAttempts {
			return Result{Output: fmt.Sprintf("\nWaiter %s failed: Max attempts exceeded\n", api), ExitCode: exitGeneral}
		}
		s.World.Advance(w.delay)
	}
}

// clone copies a request so that each poll gets a fresh one.
func clone(in any) any {
	v := reflect.ValueOf(in).Elem()
	c := reflect.New(v.Type())
	c.Elem().Set(v)
	return c.Interface()
}

// judge applies the acceptors to one poll: "success", "failure" (with the
// reason) or "" to poll again.
func (w *waiter) judge(out any, callErr error) (string, string) {
	var code string
	var plain any
	if callErr != nil {
		ee, ok := errors.AsType[*engine.Error](callErr)
		if !ok {
			return "failure", callErr.Error()
		}
		code = ee.Code
	} else if doc, err := toOrdered(out); err == nil {
		plain = toPlain(doc)
	}
	for _, a := range w.acceptors {
		if a.matcher == "error" {
			if code == a.expected {
				return a.state, "Matched expected service error code: " + code
			}
			continue
		}
		if callErr != nil {
			continue
		}
		result, _ := jmespath.Search(a.argument, plain)
		if !pathMatches(a.matcher, result, a.expected) {
			continue
		}
		if a.state == "failure" {
			return "failure", fmt.Sprintf("Waiter encountered a terminal failure state: For expression %q we matched expected path: %q at least once", a.argument, fmt.Sprint(a.expected))
		}
		return a.state, ""
	}
	if callErr != nil {
		ee, _ := errors.AsType[*engine.Error](callErr)
		return "failure", fmt.Sprintf("An error occurred (%s): %s", ee.Code, ee.Message)
	}
	return "", ""
}

func pathMatches(matcher string, result, expected any) bool {
	switch matcher {
	case "path":
		return result == expected
	case "pathAll", "pathAny":
		list, ok := result.([]any)
		if !ok || len(list) == 0 {
			return false
		}
		for _, e := range list {
			if (e == expected) != (matcher == "pathAll") {
				return matcher == "pathAny"
			}
		}
		return matcher == "pathAll"
	}
	return false
}

func waitHelp() string {
	var b strings.Builder
	b.WriteString("aws ec2 wait <waiter> [options]: poll until a resource reaches a state.\n")
	b.WriteString("In the sandbox the time between polls passes on the virtual clock.\n\n")
	for _, w := range waiters {
		fmt.Fprintf(&b, "  %-22s polls %s every %s, at most %d times\n", w.name, w.op, w.delay, w.maxAttempts)
	}
	return b.String()
}
