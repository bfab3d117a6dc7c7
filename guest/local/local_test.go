package local_test

import (
	"strings"
	"testing"
	"time"

	"amilab/engine"
	"amilab/engine/vfs"
	"amilab/guest/distro"
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

// launch starts one instance and waits until it has booted. Its root
// volume gets the guest programs' base files first, as images built with
// distro.RootFiles have them.
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
	id := out.Instances[0].InstanceId
	provision(t, w, id)
	w.Advance(time.Minute)
	return id
}

// provision adds the base files of the guest programs to a new instance's
// root volume unless its image has them already.
func provision(t testing.TB, w *engine.World, id string) {
	t.Helper()
	info, _ := w.GuestInfo(id)
	root := w.Disks(id)[0].Device
	tree, _ := w.DiskTree(id, root)
	if _, err := tree.Stat("/usr/bin/sh"); err == nil {
		return
	}
	name, _ := tree.ReadFile("/etc/ami-name")
	files := tree.Files()
	for p, data := range distro.RootFiles(info.OS, info.Architecture, strings.TrimSpace(string(name))) {
		if _, ok := files[p]; !ok {
			files[p] = data
		}
	}
	tree, err := vfs.FromFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	w.SetDiskTree(id, root, tree)
}

// openPorts lets everyone reach TCP ports of the default group.
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

// run runs a command line and returns its output and status.
func run(g *local.Guests, w *engine.World, id, line string) (string, int) { return g.Exec(w, id, line) }

func contains(t testing.TB, what, got string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(got, want) {
			t.Errorf("%s: want %q in:\n%s", what, want, got)
		}
	}
}

func advance(w *engine.World, d time.Duration) { w.Advance(d) }
