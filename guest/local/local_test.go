package local_test

import (
	"strings"
	"testing"
	"time"

	"amilab/engine"
	"amilab/guest/internal/guesttest"
	"amilab/guest/local"
)

var learner = engine.Caller{Account: engine.LearnerAccount, Region: "us-east-1"}

const al2023 = "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64"

// world is a fresh world whose boots run guests.
func world(t testing.TB) (*engine.World, *local.Guests) {
	t.Helper()
	w := engine.New(engine.Options{})
	g := local.New(guesttest.Runtime(t))
	g.Attach(w)
	return w, g
}

func imageID(t testing.TB, w *engine.World, name string) string {
	t.Helper()
	out, err := w.DescribeImages(learner, &engine.DescribeImagesInput{Filters: []engine.Filter{{Name: "name", Values: []string{name}}}})
	if err != nil || len(out.Images) == 0 {
		t.Fatalf("image %s: %v", name, err)
	}
	return out.Images[0].ImageId
}

// launch starts one instance and waits until it has booted.
func launch(t testing.TB, w *engine.World, in *engine.RunInstancesInput) string {
	t.Helper()
	if in.ImageId == "" {
		in.ImageId = imageID(t, w, al2023)
	}
	if in.InstanceType == "" {
		in.InstanceType = "t3.micro"
	}
	out, err := w.RunInstances(learner, in)
	if err != nil {
		t.Fatalf("RunInstances: %v", err)
	}
	w.Advance(time.Minute)
	return out.Instances[0].InstanceId
}

// openSSH lets the learner reach port 22 (and 80) of the default group.
func openPorts(t testing.TB, w *engine.World, ports ...int) {
	t.Helper()
	for _, p := range ports {
		p := p
		out, err := w.DescribeSecurityGroups(learner, &engine.DescribeSecurityGroupsInput{GroupNames: []string{"default"}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.AuthorizeSecurityGroupIngress(learner, &engine.SecurityGroupRuleInput{GroupId: out.SecurityGroups[0].GroupId,
			IpPermissions: []engine.IpPermission{{IpProtocol: "tcp", FromPort: &p, ToPort: &p, IpRanges: []engine.IpRange{{CidrIp: "0.0.0.0/0"}}}}})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func exec(t testing.TB, g *local.Guests, w *engine.World, id, line string) string {
	t.Helper()
	out, code := g.Exec(w, id, line)
	if code != 0 {
		t.Fatalf("%s: exit %d\n%s", line, code, out)
	}
	return out
}

func TestSmoke(t *testing.T) {
	w, g := world(t)
	openPorts(t, w, 22)
	id := launch(t, w, &engine.RunInstancesInput{})
	t.Log(g.Console(id))
	for _, line := range []string{"uname -a", "ls /", "whoami", "id", "cat /etc/os-release", "df -h", "free", "ps", "date", "echo $HOSTNAME", "hostname"} {
		out := exec(t, g, w, id, line)
		t.Logf("$ %s\n%s", line, out)
	}
	if out := exec(t, g, w, id, "uname -m"); strings.TrimSpace(out) != "x86_64" {
		t.Errorf("uname -m = %q", out)
	}
}
