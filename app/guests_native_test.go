//go:build !js

package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"amilab/engine"
	"amilab/engine/cli"
)

// attachGuests finds the guest program that make guest built and gives
// the world a runtime whose instances run software.
func TestAttachGuests(t *testing.T) {
	t.Chdir("..")
	if _, err := os.Stat("web/" + guestProgram); err != nil {
		t.Skip("no web/guest/busybox.wasm: run make guest")
	}
	w := engine.New(engine.Options{})
	attachGuests(w)
	g, ok := w.Hooks.(cli.Guests)
	if !ok {
		t.Fatalf("the world's hooks %T run no guests", w.Hooks)
	}
	s := cli.NewSession(w)
	for _, line := range []string{
		"aws ec2 authorize-security-group-ingress --group-name default --protocol tcp --port 22 --cidr 0.0.0.0/0",
		"aws ec2 run-instances --image-id ami-0d4673ef77ba05745 --instance-type t3.micro",
	} {
		if res := s.Run(line); res.ExitCode != 0 {
			t.Fatalf("%s: %s", line, res.Output)
		}
	}
	w.Advance(time.Minute)
	id := w.RunningInstances("us-east-1")[0]
	if out, code := g.Exec(w, id, "uname -m; whoami"); code != 0 || out != "x86_64\nec2-user\n" {
		t.Fatalf("exec: %d %q", code, out)
	}
	if out, _ := g.Exec(w, id, "cat /etc/os-release"); !strings.Contains(out, "Amazon Linux") {
		t.Fatalf("os-release: %q", out)
	}
}
