package engine

import (
	"bytes"
	"fmt"
	"math/rand"
	"testing"
	"time"
)

// TestRandomOperations runs thousands of random API calls (valid and
// invalid) and checks the world's invariants after each one.
func TestRandomOperations(t *testing.T) {
	seqs, steps := 120, 60
	if testing.Short() {
		seqs = 20
	}
	for s := 0; s < seqs; s++ {
		rng := rand.New(rand.NewSource(int64(s)))
		w := New(Options{Seed: int64(s + 1)})
		p := &prober{t: t, w: w, rng: rng, terminated: map[string]bool{}}
		for i := 0; i < steps; i++ {
			op := p.step()
			if err := p.check(); err != nil {
				t.Fatalf("seed %d step %d (%s): %v", s, i, op, err)
			}
		}
		a, err := w.Save()
		if err != nil {
			t.Fatal(err)
		}
		w2, err := Load(a)
		if err != nil {
			t.Fatalf("seed %d: load: %v", s, err)
		}
		b, _ := w2.Save()
		if !bytes.Equal(a, b) {
			t.Fatalf("seed %d: save → load → save differs", s)
		}
	}
}

type prober struct {
	t          *testing.T
	w          *World
	rng        *rand.Rand
	terminated map[string]bool
	lastBill   float64
}

var regionsForProbe = []string{"us-east-1", "us-west-2"}

func (p *prober) caller() Caller {
	c := learner
	if p.rng.Intn(5) == 0 {
		c.Account = ColleagueAccount
	}
	if p.rng.Intn(4) == 0 {
		c.Region = regionsForProbe[1]
	}
	return c
}

// pick returns a random id from the world of the given kind, or a made-up one.
func (p *prober) pick(kind string) string {
	var ids []string
	switch kind {
	case KindInstance:
		ids = sortedMapKeys(p.w.s.Instances)
	case KindImage:
		ids = sortedMapKeys(p.w.s.Images)
	case KindVolume:
		ids = sortedMapKeys(p.w.s.Volumes)
	case KindSnapshot:
		ids = sortedMapKeys(p.w.s.Snapshots)
	}
	if len(ids) == 0 || p.rng.Intn(10) == 0 {
		return []string{kind + "-0123456789abcdef0", kind + "-bad", ""}[p.rng.Intn(3)]
	}
	return ids[p.rng.Intn(len(ids))]
}

// visibleImage mostly picks an image the caller may launch, preferring its own.
func (p *prober) visibleImage(c Caller) string {
	out, _ := p.w.DescribeImages(c, &DescribeImagesInput{})
	if out == nil || len(out.Images) == 0 || p.rng.Intn(6) == 0 {
		return p.pick(KindImage)
	}
	own, _ := p.w.DescribeImages(c, &DescribeImagesInput{Owners: []string{"self"}})
	if len(own.Images) > 0 && p.rng.Intn(2) == 0 {
		return own.Images[p.rng.Intn(len(own.Images))].ImageId
	}
	return out.Images[p.rng.Intn(min(3, len(out.Images)))].ImageId
}

var probeTypes = []string{"t3.micro", "t2.micro", "t4g.micro", "m5d.large", "c3.large", "m5.2xlarge", "bogus.type", ""}

func (p *prober) step() string {
	w, r, c := p.w, p.rng, p.caller()
	ids := func() []string {
		n := 1 + r.Intn(2)
		out := make([]string, n)
		for i := range out {
			out[i] = p.pick(KindInstance)
		}
		return out
	}
	switch op := r.Intn(16); op {
	case 0, 1:
		n := 1 + r.Intn(3)
		typ := probeTypes[r.Intn(len(probeTypes))]
		if r.Intn(2) == 0 {
			typ = "t3.micro"
		}
		w.RunInstances(c, &RunInstancesInput{ImageId: p.visibleImage(c), InstanceType: typ, MinCount: 1, MaxCount: n,
			TagSpecifications: []TagSpecification{{ResourceType: "instance", Tags: []Tag{{Key: "Name", Value: fmt.Sprint("n", r.Intn(3))}}}}, DryRun: r.Intn(8) == 0})
		return "run"
	case 2:
		w.StopInstances(c, &StopInstancesInput{InstanceIds: ids(), Force: r.Intn(2) == 0})
		return "stop"
	case 3:
		w.StartInstances(c, &StartInstancesInput{InstanceIds: ids()})
		return "start"
	case 4:
		w.RebootInstances(c, &RebootInstancesInput{InstanceIds: ids()})
		return "reboot"
	case 5:
		w.TerminateInstances(c, &TerminateInstancesInput{InstanceIds: ids()})
		return "terminate"
	case 6:
		w.CreateImage(c, &CreateImageInput{InstanceId: p.pick(KindInstance), Name: fmt.Sprint("img-", r.Intn(5)), NoReboot: r.Intn(2) == 0})
		return "create-image"
	case 7:
		w.CopyImage(c, &CopyImageInput{SourceImageId: p.visibleImage(Caller{Account: c.Account, Region: "us-east-1"}), SourceRegion: regionsForProbe[r.Intn(2)], Name: fmt.Sprint("copy-", r.Intn(5))})
		return "copy-image"
	case 8:
		w.DeregisterImage(c, &DeregisterImageInput{ImageId: p.pick(KindImage)})
		return "deregister"
	case 9:
		attrs := []string{"instanceType", "disableApiTermination", "instanceInitiatedShutdownBehavior", "userData", "disableApiStop"}
		values := []string{"t3.small", "true", "false", "terminate", "stop", "aGVsbG8="}
		w.ModifyInstanceAttribute(c, &ModifyInstanceAttributeInput{InstanceId: p.pick(KindInstance), Attribute: attrs[r.Intn(len(attrs))], Value: values[r.Intn(len(values))]})
		return "modify"
	case 10:
		w.Advance(time.Duration(r.Intn(300)) * time.Second)
		return "advance"
	case 11:
		w.FailHost(c, p.pick(KindInstance))
		return "fail-host"
	case 12:
		perm := LaunchPermission{UserId: []string{ColleagueAccount, LearnerAccount}[r.Intn(2)]}
		if r.Intn(3) == 0 {
			perm = LaunchPermission{Group: "all"}
		}
		mods := &LaunchPermissionModifications{Add: []LaunchPermission{perm}}
		if r.Intn(2) == 0 {
			mods = &LaunchPermissionModifications{Remove: []LaunchPermission{perm}}
		}
		w.ModifyImageAttribute(c, &ModifyImageAttributeInput{ImageId: p.pick(KindImage), LaunchPermission: mods})
		return "share"
	case 13:
		w.DeleteSnapshot(c, &DeleteSnapshotInput{SnapshotId: p.pick(KindSnapshot)})
		w.DeleteVolume(c, &DeleteVolumeInput{VolumeId: p.pick(KindVolume)})
		return "delete-storage"
	case 14:
		w.CreateTags(c, &CreateTagsInput{Resources: []string{p.pick(KindInstance), p.pick(KindImage)}, Tags: []Tag{{Key: "k", Value: fmt.Sprint(r.Intn(3))}}})
		return "tag"
	default:
		w.GuestShutdown(p.pick(KindInstance))
		return "guest-shutdown"
	}
}

// check verifies the invariants.
func (p *prober) check() error {
	w := p.w
	if err := w.validate(); err != nil {
		return err
	}
	seen := map[string]string{}
	note := func(kind, id string) error {
		if prev, dup := seen[id]; dup {
			return fmt.Errorf("id %s used by a %s and a %s", id, prev, kind)
		}
		seen[id] = kind
		return nil
	}
	vcpus := map[string]int{}
	for id, in := range w.s.Instances {
		if err := note("instance", id); err != nil {
			return err
		}
		if p.terminated[id] && in.State.Name != StateTerminated {
			return fmt.Errorf("terminated instance %s came back as %s", id, in.State.Name)
		}
		if in.State.Name == StateTerminated {
			p.terminated[id] = true
			for _, b := range in.BlockDeviceMappings {
				if v := w.s.Volumes[b.Ebs.VolumeId]; v != nil && len(v.Attachments) > 0 {
					return fmt.Errorf("terminated %s still holds volume %s", id, v.VolumeId)
				}
			}
		}
		if (in.RunStart != nil) != (in.State.Name == StateRunning) {
			return fmt.Errorf("%s is %s but billing running=%v", id, in.State.Name, in.RunStart != nil)
		}
		if usesQuota(in.State.Name) {
			vcpus[in.Owner+"/"+in.Region] += instanceTypes[in.InstanceType].VCPU
		}
	}
	for key, n := range w.index.vcpus {
		if vcpus[key] != n {
			return fmt.Errorf("vCPU index %s = %d, actual %d", key, n, vcpus[key])
		}
	}
	for key, n := range vcpus {
		if quota := w.account(key[:12]).VcpuQuota; n > quota {
			return fmt.Errorf("%s uses %d vCPUs over its quota %d", key, n, quota)
		}
	}
	for id := range w.s.Images {
		if err := note("image", id); err != nil {
			return err
		}
	}
	for id := range w.s.Volumes {
		if err := note("volume", id); err != nil {
			return err
		}
	}
	for id := range w.s.Snapshots {
		if err := note("snapshot", id); err != nil {
			return err
		}
	}
	total := w.Bill(LearnerAccount).Total
	if total < p.lastBill-1e-12 {
		return fmt.Errorf("bill went down from %v to %v", p.lastBill, total)
	}
	p.lastBill = total
	return nil
}
