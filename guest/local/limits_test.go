package local_test

import (
	"strings"
	"testing"
	"time"

	"amilab/engine"
	"amilab/guest/internal/guesttest"
	"amilab/guest/local"
	"amilab/guest/machine"
)

// Misbehaving programs are stopped by a limit with a message a learner can
// read; the instance and the world carry on.
func TestMisbehavingGuestsAreStopped(t *testing.T) {
	l := machine.DefaultLimits()
	l.Exec = time.Second
	w := engine.New(engine.Options{})
	g := local.New(guesttest.RuntimeWith(t, l))
	g.Attach(w)
	openPorts(t, w, 22)
	id := launch(t, w, &engine.RunInstancesInput{})
	exec(t, g, w, id, "sudo dnf install -y stress-ng")
	cases := []struct {
		name, line string
		code       int
		want       string
	}{
		{"infinite loop", "stress-ng --cpu 1", 137, "Killed: the command ran longer than the sandbox allows (1s)."},
		{"huge output", "yes", 141, "[output truncated: the command printed more than 64 KiB and was stopped]"},
		{"huge output through a pipe", "cat /dev/zero | cat", 141, "output truncated"},
		{"deep recursion", "stress-ng --stack 1", 139, "the program recursed too deeply (stack overflow)"},
		// Whichever limit it meets first: the time or the stack.
		{"recursive script", "echo 'sh /tmp/r.sh' > /tmp/r.sh; sh /tmp/r.sh", -1, "Killed|stack overflow"},
		{"1 GB allocation", "stress-ng --vm 1 --vm-bytes 1G", 137, "Killed: out of memory (a program may use at most 128 MiB in the sandbox)."},
		{"full disk", "yes > /tmp/big", 1, "yes: standard output: No space left on device"},
	}
	for _, c := range cases {
		start := time.Now()
		out, code := g.Exec(w, id, c.line)
		took := time.Since(start)
		matched := false
		for _, want := range strings.Split(c.want, "|") {
			matched = matched || strings.Contains(out, want)
		}
		if (c.code >= 0 && code != c.code) || code == 0 || !matched {
			t.Errorf("%s: exit %d, want %d with %q; output ends:\n%s", c.name, code, c.code, c.want, tail(out))
		}
		if len(out) > l.Output+200 {
			t.Errorf("%s: %d bytes of output", c.name, len(out))
		}
		if took > 10*time.Second {
			t.Errorf("%s took %s", c.name, took)
		}
		if strings.Contains(out, "goroutine ") || strings.Contains(out, "runtime.") {
			t.Errorf("%s: the Go runtime's report reached the learner:\n%s", c.name, tail(out))
		}
		if out := exec(t, g, w, id, "echo still here"); out != "still here\n" {
			t.Fatalf("after %s: %q", c.name, out)
		}
	}
	exec(t, g, w, id, "rm /tmp/big")
	w.Advance(time.Hour)
	if v, _ := w.InstanceView(learner, id); v.State.Name != engine.StateRunning {
		t.Fatalf("instance %s", v.State.Name)
	}
}

func tail(s string) string {
	if len(s) > 600 {
		return "…" + s[len(s)-600:]
	}
	return s
}
