package engine

import (
	"errors"
	"testing"
	"time"
)

var learner = Caller{Account: LearnerAccount, Region: "us-east-1"}

// imageNamed finds a catalogue image by name for the caller.
func imageNamed(t testing.TB, w *World, c Caller, name string) string {
	t.Helper()
	out, err := w.DescribeImages(c, &DescribeImagesInput{Filters: []Filter{{Name: "name", Values: []string{name}}}})
	if err != nil || len(out.Images) == 0 {
		t.Fatalf("image %s: %v", name, err)
	}
	return out.Images[0].ImageId
}

const (
	al2023    = "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64"
	al2023arm = "al2023-ami-2023.6.20241212.0-kernel-6.1-arm64"
	pvImage   = "amzn-ami-pv-2013.09.2.x86_64-s3"
)

// launch starts n instances of a type from a catalogue image and returns their ids.
func launch(t testing.TB, w *World, image, typ string, n int) []string {
	t.Helper()
	out, err := w.RunInstances(learner, &RunInstancesInput{ImageId: imageNamed(t, w, learner, image), InstanceType: typ, MinCount: n, MaxCount: n})
	if err != nil {
		t.Fatalf("RunInstances: %v", err)
	}
	ids := make([]string, len(out.Instances))
	for i, in := range out.Instances {
		ids[i] = in.InstanceId
	}
	return ids
}

func stateName(t testing.TB, w *World, id string) string {
	t.Helper()
	v, ok := w.InstanceView(learner, id)
	if !ok {
		t.Fatalf("instance %s not found", id)
	}
	return v.State.Name
}

func code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err != nil {
		return "non-engine error: " + err.Error()
	}
	return ""
}

// inState launches an EBS-backed instance and brings it into the named state.
func inState(t testing.TB, w *World, state string) string {
	t.Helper()
	id := launch(t, w, al2023, "t3.micro", 1)[0]
	ids := []string{id}
	step := func(err error, d time.Duration) {
		if err != nil {
			t.Fatal(err)
		}
		w.Advance(d)
	}
	switch state {
	case StatePending:
	case StateRunning:
		w.Advance(time.Minute)
	case StateStopping:
		w.Advance(time.Minute)
		_, err := w.StopInstances(learner, &StopInstancesInput{InstanceIds: ids})
		step(err, 0)
	case StateStopped:
		w.Advance(time.Minute)
		_, err := w.StopInstances(learner, &StopInstancesInput{InstanceIds: ids})
		step(err, time.Minute)
	case StateShuttingDown:
		_, err := w.TerminateInstances(learner, &TerminateInstancesInput{InstanceIds: ids})
		step(err, 0)
	case StateTerminated:
		_, err := w.TerminateInstances(learner, &TerminateInstancesInput{InstanceIds: ids})
		step(err, time.Minute)
	}
	if got := stateName(t, w, id); got != state {
		t.Fatalf("setup: instance is %s, want %s", got, state)
	}
	return id
}
