package engine

import (
	"testing"
	"time"
)

// TestStateTable drives every (state, action) pair of the state table through
// the API and checks the outcome the table promises.
func TestStateTable(t *testing.T) {
	for state, row := range Transitions {
		for act, want := range row {
			t.Run(state+"/"+string(act), func(t *testing.T) {
				w := New(Options{})
				id := inState(t, w, state)
				ids := []string{id}
				var err error
				switch act {
				case ActStart:
					_, err = w.StartInstances(learner, &StartInstancesInput{InstanceIds: ids})
				case ActStop:
					_, err = w.StopInstances(learner, &StopInstancesInput{InstanceIds: ids})
				case ActReboot:
					_, err = w.RebootInstances(learner, &RebootInstancesInput{InstanceIds: ids})
				case ActTerminate:
					_, err = w.TerminateInstances(learner, &TerminateInstancesInput{InstanceIds: ids})
				}
				got := stateName(t, w, id)
				switch {
				case want.Error:
					if code(err) != CodeIncorrectInstanceState || got != state {
						t.Fatalf("got error %q and state %s, want IncorrectInstanceState and %s", code(err), got, state)
					}
				case want.NoOp:
					if err != nil || got != state {
						t.Fatalf("got %v and state %s, want no error and %s", err, got, state)
					}
				default:
					if err != nil || got != want.Next {
						t.Fatalf("got %v and state %s, want %s", err, got, want.Next)
					}
				}
			})
		}
	}
}

// TestTimedTransitions checks that each timed state moves on after its delay and not before.
func TestTimedTransitions(t *testing.T) {
	for state, tr := range TimedTransitions {
		t.Run(state, func(t *testing.T) {
			w := New(Options{})
			id := inState(t, w, state)
			w.Advance(tr.After - time.Second)
			if got := stateName(t, w, id); got != state {
				t.Fatalf("after %v: %s, want still %s", tr.After-time.Second, got, state)
			}
			w.Advance(time.Second)
			if got := stateName(t, w, id); got != tr.Next {
				t.Fatalf("after %v: %s, want %s", tr.After, got, tr.Next)
			}
		})
	}
}

func TestStateCodes(t *testing.T) {
	want := map[string]int{"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80}
	for name, c := range want {
		if StateCodes[name] != c {
			t.Errorf("%s: code %d, want %d", name, StateCodes[name], c)
		}
	}
}

func TestTerminatedDisappearsAfterAnHour(t *testing.T) {
	w := New(Options{})
	id := inState(t, w, StateTerminated)
	w.Advance(TerminatedVisibleFor - 2*time.Minute)
	if _, ok := w.InstanceView(learner, id); !ok {
		t.Fatal("terminated instance vanished too early")
	}
	w.Advance(5 * time.Minute)
	if _, ok := w.InstanceView(learner, id); ok {
		t.Fatal("terminated instance still listed after an hour")
	}
	_, err := w.DescribeInstances(learner, &DescribeInstancesInput{InstanceIds: []string{id}})
	if code(err) != "InvalidInstanceID.NotFound" {
		t.Fatalf("describe gone instance: %v", err)
	}
}

func TestStopStartKeepsIDAndVolumesChangesPublicIP(t *testing.T) {
	w := New(Options{})
	id := inState(t, w, StateRunning)
	before, _ := w.InstanceView(learner, id)
	if _, err := w.StopInstances(learner, &StopInstancesInput{InstanceIds: []string{id}}); err != nil {
		t.Fatal(err)
	}
	w.Advance(time.Minute)
	stopped, _ := w.InstanceView(learner, id)
	if stopped.PublicIpAddress != "" || stopped.PublicDnsName != "" {
		t.Fatalf("stopped instance keeps public address %q", stopped.PublicIpAddress)
	}
	if stopped.StateReason == nil || stopped.StateReason.Code != "Client.UserInitiatedShutdown" {
		t.Fatalf("state reason %+v", stopped.StateReason)
	}
	if stopped.StateTransitionReason != "User initiated (2026-11-23 09:01:00 GMT)" {
		t.Fatalf("transition reason %q", stopped.StateTransitionReason)
	}
	if _, err := w.StartInstances(learner, &StartInstancesInput{InstanceIds: []string{id}}); err != nil {
		t.Fatal(err)
	}
	w.Advance(time.Minute)
	after, _ := w.InstanceView(learner, id)
	if after.PublicIpAddress == "" || after.PublicIpAddress == before.PublicIpAddress {
		t.Fatalf("public IP %q → %q, want a new one", before.PublicIpAddress, after.PublicIpAddress)
	}
	if after.PrivateIpAddress != before.PrivateIpAddress {
		t.Fatal("private IP changed over stop/start")
	}
	if after.BlockDeviceMappings[0].Ebs.VolumeId != before.BlockDeviceMappings[0].Ebs.VolumeId {
		t.Fatal("root volume changed over stop/start")
	}
}
