package engine

import (
	"math"
	"testing"
	"time"
)

func storeData(t *testing.T, w *World, id string) string {
	t.Helper()
	for _, d := range w.Disks(id) {
		if d.InstanceStore && !d.Root {
			tree, _ := w.DiskTree(id, d.Device)
			b, err := tree.ReadFile("/data.txt")
			if err != nil {
				return ""
			}
			return string(b)
		}
	}
	t.Fatal("no instance-store disk")
	return ""
}

func writeStore(t *testing.T, w *World, id string) {
	t.Helper()
	for _, d := range w.Disks(id) {
		if d.InstanceStore {
			tree, _ := w.DiskTree(id, d.Device)
			tree, err := tree.WriteFile("/data.txt", []byte("scratch"))
			if err != nil || !w.SetDiskTree(id, d.Device, tree) {
				t.Fatal("write to instance store failed", err)
			}
			return
		}
	}
	t.Fatal("no instance-store disk")
}

// TestInstanceStoreIsEphemeral: instance-store data survives a reboot and is
// lost on stop, terminate and host failure.
func TestInstanceStoreIsEphemeral(t *testing.T) {
	w := New(Options{})
	id := launch(t, w, al2023, "m5d.large", 1)[0]
	w.Advance(time.Minute)
	writeStore(t, w, id)
	if _, err := w.RebootInstances(learner, &RebootInstancesInput{InstanceIds: []string{id}}); err != nil {
		t.Fatal(err)
	}
	if storeData(t, w, id) != "scratch" {
		t.Fatal("reboot lost instance-store data")
	}
	w.StopInstances(learner, &StopInstancesInput{InstanceIds: []string{id}})
	w.Advance(time.Minute)
	w.StartInstances(learner, &StartInstancesInput{InstanceIds: []string{id}})
	w.Advance(time.Minute)
	if storeData(t, w, id) != "" {
		t.Fatal("stop/start kept instance-store data")
	}
	writeStore(t, w, id)
	if err := w.FailHost(learner, id); err != nil {
		t.Fatal(err)
	}
	w.Advance(time.Minute)
	if got := stateName(t, w, id); got != StateStopped {
		t.Fatalf("after host failure: %s, want stopped", got)
	}
	if storeData(t, w, id) != "" {
		t.Fatal("host failure kept instance-store data")
	}
}

func TestInstanceStoreRootTerminatesOnHostFailure(t *testing.T) {
	w := New(Options{})
	id := launch(t, w, pvImage, "c3.large", 1)[0]
	w.Advance(2 * time.Minute)
	if got := stateName(t, w, id); got != StateRunning {
		t.Fatalf("%s", got)
	}
	if len(w.Disks(id)) != 3 { // root + 2 ephemeral disks of c3.large
		t.Fatalf("disks: %+v", w.Disks(id))
	}
	w.FailHost(learner, id)
	w.Advance(time.Minute)
	if got := stateName(t, w, id); got != StateTerminated {
		t.Fatalf("%s, want terminated", got)
	}
}

// TestDeleteOnTermination: the root volume goes with the instance, an extra volume stays.
func TestDeleteOnTermination(t *testing.T) {
	w := New(Options{})
	out, err := w.RunInstances(learner, &RunInstancesInput{ImageId: imageNamed(t, w, learner, al2023), InstanceType: "t3.micro",
		BlockDeviceMappings: []BlockDeviceMapping{{DeviceName: "/dev/sdf", Ebs: &EbsBlockDevice{VolumeSize: 20}}}})
	if err != nil {
		t.Fatal(err)
	}
	in := out.Instances[0]
	if len(in.BlockDeviceMappings) != 2 || !in.BlockDeviceMappings[0].Ebs.DeleteOnTermination || in.BlockDeviceMappings[1].Ebs.DeleteOnTermination {
		t.Fatalf("mappings %+v", in.BlockDeviceMappings)
	}
	root, extra := in.BlockDeviceMappings[0].Ebs.VolumeId, in.BlockDeviceMappings[1].Ebs.VolumeId
	w.TerminateInstances(learner, &TerminateInstancesInput{InstanceIds: []string{in.InstanceId}})
	w.Advance(time.Minute)
	vols, _ := w.DescribeVolumes(learner, &DescribeVolumesInput{})
	if len(vols.Volumes) != 1 || vols.Volumes[0].VolumeId != extra || vols.Volumes[0].State != "available" {
		t.Fatalf("volumes after terminate: %+v (root %s)", vols.Volumes, root)
	}
}

// TestImageCarriesData: files on an instance's volumes reach instances launched from its image.
func TestImageCarriesData(t *testing.T) {
	w := New(Options{})
	id := launch(t, w, al2023, "t3.micro", 1)[0]
	w.Advance(time.Minute)
	root := w.Disks(id)[0]
	tree, _ := w.DiskTree(id, root.Device)
	tree, _ = tree.WriteFile("/var/www/html/index.html", []byte("<h1>Employee directory</h1>"))
	w.SetDiskTree(id, root.Device, tree)
	img, err := w.CreateImage(learner, &CreateImageInput{InstanceId: id, Name: "web-server-v1", NoReboot: true})
	if err != nil {
		t.Fatal(err)
	}
	w.Advance(ImageCreateTime)
	out, err := w.RunInstances(learner, &RunInstancesInput{ImageId: img.ImageId, InstanceType: "t3.small"})
	if err != nil {
		t.Fatal(err)
	}
	nid := out.Instances[0].InstanceId
	tree2, _ := w.DiskTree(nid, w.Disks(nid)[0].Device)
	b, err := tree2.ReadFile("/var/www/html/index.html")
	if err != nil || string(b) != "<h1>Employee directory</h1>" {
		t.Fatalf("page on the new instance: %q %v", b, err)
	}
	// Changing the copy leaves the original alone (copy-on-write).
	tree2, _ = tree2.WriteFile("/var/www/html/index.html", []byte("changed"))
	w.SetDiskTree(nid, w.Disks(nid)[0].Device, tree2)
	tree, _ = w.DiskTree(id, root.Device)
	if b, _ := tree.ReadFile("/var/www/html/index.html"); string(b) != "<h1>Employee directory</h1>" {
		t.Fatal("writing to the new instance changed the original")
	}
}

func TestCreateImageRebootsUnlessNoReboot(t *testing.T) {
	for _, noReboot := range []bool{false, true} {
		w := New(Options{})
		id := inState(t, w, StateRunning)
		n := len(w.Events(LearnerAccount))
		w.CreateImage(learner, &CreateImageInput{InstanceId: id, Name: "img", NoReboot: noReboot})
		rebooted := false
		for _, e := range w.Events(LearnerAccount)[n:] {
			rebooted = rebooted || (e.Action == "CreateImage" && e.Resource == id)
		}
		if rebooted == noReboot {
			t.Errorf("NoReboot=%v: rebooted=%v", noReboot, rebooted)
		}
		if stateName(t, w, id) != StateRunning {
			t.Error("instance not running after CreateImage")
		}
	}
}

func TestDeregisterLeavesInstancesRunning(t *testing.T) {
	w := New(Options{})
	img := ownImage(t, w)
	out, _ := w.RunInstances(learner, &RunInstancesInput{ImageId: img, InstanceType: "t3.micro"})
	w.Advance(time.Minute)
	if _, err := w.DeregisterImage(learner, &DeregisterImageInput{ImageId: img}); err != nil {
		t.Fatal(err)
	}
	if got := stateName(t, w, out.Instances[0].InstanceId); got != StateRunning {
		t.Fatalf("instance is %s after deregister", got)
	}
	snaps, _ := w.DescribeSnapshots(learner, &DescribeSnapshotsInput{})
	if len(snaps.Snapshots) == 0 {
		t.Fatal("deregister deleted the snapshots")
	}
}

func TestCopyImage(t *testing.T) {
	w := New(Options{})
	img := ownImage(t, w)
	w.CreateTags(learner, &CreateTagsInput{Resources: []string{img}, Tags: []Tag{{Key: "team", Value: "web"}}})
	w.ModifyImageAttribute(learner, &ModifyImageAttributeInput{ImageId: img, LaunchPermission: &LaunchPermissionModifications{Add: []LaunchPermission{{UserId: ColleagueAccount}}}})
	west := Caller{Account: LearnerAccount, Region: "us-west-2"}
	cp, err := w.CopyImage(west, &CopyImageInput{SourceImageId: img, SourceRegion: "us-east-1", Name: "copy"})
	if err != nil {
		t.Fatal(err)
	}
	if cp.ImageId == img {
		t.Fatal("copy kept the id")
	}
	w.Advance(ImageCopyTime)
	out, _ := w.DescribeImages(west, &DescribeImagesInput{ImageIds: []string{cp.ImageId}})
	got := out.Images[0]
	if got.State != "available" || got.SourceImageId != img || got.SourceImageRegion != "us-east-1" || len(got.Tags) != 0 {
		t.Fatalf("copy: %+v", got)
	}
	attr, _ := w.DescribeImageAttribute(west, &DescribeImageAttributeInput{ImageId: cp.ImageId, Attribute: "launchPermission"})
	if len(*attr.LaunchPermissions) != 0 {
		t.Fatal("copy kept launch permissions")
	}
}

func TestSharing(t *testing.T) {
	w := New(Options{})
	img := ownImage(t, w)
	colleague := Caller{Account: ColleagueAccount, Region: "us-east-1"}
	run := func() error {
		_, err := w.RunInstances(colleague, &RunInstancesInput{ImageId: img, InstanceType: "t3.micro"})
		return err
	}
	if code(run()) != CodeAuthFailure {
		t.Fatal("colleague launched a private image")
	}
	mod := func(m *LaunchPermissionModifications) {
		if _, err := w.ModifyImageAttribute(learner, &ModifyImageAttributeInput{ImageId: img, LaunchPermission: m}); err != nil {
			t.Fatal(err)
		}
	}
	mod(&LaunchPermissionModifications{Add: []LaunchPermission{{UserId: ColleagueAccount}}})
	if err := run(); err != nil {
		t.Fatal(err)
	}
	shared, _ := w.DescribeImages(colleague, &DescribeImagesInput{ExecutableUsers: []string{"self"}})
	if len(shared.Images) != 1 || shared.Images[0].ImageId != img {
		t.Fatalf("executable-users self: %+v", shared.Images)
	}
	mod(&LaunchPermissionModifications{Remove: []LaunchPermission{{UserId: ColleagueAccount}}})
	if code(run()) != CodeAuthFailure {
		t.Fatal("revoked permission still works")
	}
	mod(&LaunchPermissionModifications{Add: []LaunchPermission{{Group: "all"}}})
	out, _ := w.DescribeImages(colleague, &DescribeImagesInput{ImageIds: []string{img}})
	if !out.Images[0].Public || run() != nil {
		t.Fatal("public image not launchable")
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func instanceCost(w *World, id string) float64 {
	sum := 0.0
	for _, l := range w.Bill(LearnerAccount).Lines {
		if l.Resource == id && l.Kind == "instance" {
			sum += l.Cost
		}
	}
	return sum
}

func TestBilling(t *testing.T) {
	w := New(Options{})
	id := launch(t, w, al2023, "t3.micro", 1)[0]
	w.Advance(20 * time.Second) // boot: pending is not billed
	rate := instanceTypes["t3.micro"].PricePerHour
	if got := instanceCost(w, id); !near(got, rate*60/3600) {
		t.Fatalf("just running: %v, want the 60 s minimum", got)
	}
	w.Advance(90 * time.Second)
	if got := instanceCost(w, id); !near(got, rate*90/3600) {
		t.Fatalf("after 90 s: %v", got)
	}
	w.StopInstances(learner, &StopInstancesInput{InstanceIds: []string{id}})
	w.Advance(time.Hour)
	if got := instanceCost(w, id); !near(got, rate*90/3600) {
		t.Fatalf("stopped instance billed: %v", got)
	}
	vol := 0.0
	for _, l := range w.Bill(LearnerAccount).Lines {
		if l.Kind == "volume" {
			vol += l.Cost
		}
	}
	if vol <= 0 {
		t.Fatal("EBS not billed while stopped")
	}
	disable(t, w, id, "instanceType", "m5.large")
	w.StartInstances(learner, &StartInstancesInput{InstanceIds: []string{id}})
	w.Advance(20*time.Second + 10*time.Second)
	want := rate*90/3600 + instanceTypes["m5.large"].PricePerHour*60/3600
	if got := instanceCost(w, id); !near(got, want) {
		t.Fatalf("after type change: %v, want %v (minimum at the new rate)", got, want)
	}
}

func TestMarketplaceSurcharge(t *testing.T) {
	w := New(Options{})
	img := imageNamed(t, w, learner, "wordpress-6.7-on-al2023-vendor-1.0")
	out, _ := w.DescribeImages(learner, &DescribeImagesInput{ImageIds: []string{img}})
	if err := w.Subscribe(learner, &SubscribeInput{ProductCode: out.Images[0].ProductCodes[0].ProductCodeId}); err != nil {
		t.Fatal(err)
	}
	r, err := w.RunInstances(learner, &RunInstancesInput{ImageId: img, InstanceType: "t3.micro"})
	if err != nil {
		t.Fatal(err)
	}
	w.Advance(20*time.Second + time.Hour)
	soft := 0.0
	for _, l := range w.Bill(LearnerAccount).Lines {
		if l.Kind == "software" && l.Resource == r.Instances[0].InstanceId {
			soft += l.Cost
		}
	}
	if !near(soft, 0.02) {
		t.Fatalf("software charge %v, want 0.02 for an hour", soft)
	}
}

func TestGuestShutdownBehaviour(t *testing.T) {
	for behaviour, want := range map[string]string{"stop": StateStopped, "terminate": StateTerminated} {
		w := New(Options{})
		id := inState(t, w, StateRunning)
		disable(t, w, id, "instanceInitiatedShutdownBehavior", behaviour)
		w.GuestShutdown(id)
		w.Advance(time.Minute)
		if got := stateName(t, w, id); got != want {
			t.Errorf("%s: %s, want %s", behaviour, got, want)
		}
	}
}

func TestSecurityGroupAllows(t *testing.T) {
	w := New(Options{})
	g, _ := w.CreateSecurityGroup(learner, &CreateSecurityGroupInput{GroupName: "web", Description: "web"})
	out, _ := w.RunInstances(learner, &RunInstancesInput{ImageId: imageNamed(t, w, learner, al2023), InstanceType: "t3.micro", SecurityGroupIds: []string{g.GroupId}})
	id := out.Instances[0].InstanceId
	if w.Allows(id, 80, LearnerAddress) {
		t.Fatal("new group allows port 80")
	}
	w.AuthorizeSecurityGroupIngress(learner, &SecurityGroupRuleInput{GroupId: g.GroupId, IpProtocol: "tcp", FromPort: ptr(80), ToPort: ptr(80), CidrIp: "0.0.0.0/0"})
	w.AuthorizeSecurityGroupIngress(learner, &SecurityGroupRuleInput{GroupId: g.GroupId, IpProtocol: "tcp", FromPort: ptr(22), ToPort: ptr(22), CidrIp: "198.51.100.0/24"})
	if !w.Allows(id, 80, LearnerAddress) || w.Allows(id, 22, LearnerAddress) || !w.Allows(id, 22, "198.51.100.7") {
		t.Fatal("rules not applied")
	}
}

func TestDescribeFilters(t *testing.T) {
	w := New(Options{})
	ids := launch(t, w, al2023, "t3.micro", 3)
	w.CreateTags(learner, &CreateTagsInput{Resources: ids[:2], Tags: []Tag{{Key: "Env", Value: "dev"}}})
	w.Advance(time.Minute)
	w.StopInstances(learner, &StopInstancesInput{InstanceIds: ids[:1]})
	count := func(f ...Filter) int {
		out, err := w.DescribeInstances(learner, &DescribeInstancesInput{Filters: f})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range out.Reservations {
			n += len(r.Instances)
		}
		return n
	}
	cases := []struct {
		f    []Filter
		want int
	}{
		{nil, 3},
		{[]Filter{{Name: "tag:Env", Values: []string{"dev"}}}, 2},
		{[]Filter{{Name: "tag:Env", Values: []string{"d*"}}}, 2},
		{[]Filter{{Name: "tag-key", Values: []string{"Env"}}}, 2},
		{[]Filter{{Name: "instance-state-name", Values: []string{"running"}}}, 2},
		{[]Filter{{Name: "instance-state-name", Values: []string{"running", "stopping"}}}, 3},
		{[]Filter{{Name: "tag:Env", Values: []string{"dev"}}, {Name: "instance-state-name", Values: []string{"running"}}}, 1},
		{[]Filter{{Name: "instance-id", Values: []string{ids[2]}}}, 1},
		{[]Filter{{Name: "instance-type", Values: []string{"t3.*"}}}, 3},
		{[]Filter{{Name: "image-id", Values: []string{imageNamed(t, w, learner, al2023)}}}, 3},
	}
	for _, tc := range cases {
		if got := count(tc.f...); got != tc.want {
			t.Errorf("%+v: %d, want %d", tc.f, got, tc.want)
		}
	}
}

func TestRevisionFollowsChanges(t *testing.T) {
	w := New(Options{})
	r0 := w.Revision()
	w.Advance(time.Minute)
	if w.Revision() != r0 {
		t.Fatal("the clock alone changed the revision")
	}
	id := launch(t, w, al2023, "t3.micro", 1)[0]
	r1 := w.Revision()
	if r1 == r0 {
		t.Fatal("a launch did not change the revision")
	}
	w.Advance(time.Minute)
	r2 := w.Revision()
	if r2 == r1 {
		t.Fatal("boot did not change the revision")
	}
	tree, _ := w.DiskTree(id, "/dev/xvda")
	tree, _ = tree.WriteFile("/tmp/x", []byte("x"))
	w.SetDiskTree(id, "/dev/xvda", tree)
	if w.Revision() == r2 {
		t.Fatal("a write to a volume did not change the revision")
	}
}

func TestDiskFates(t *testing.T) {
	ebsRoot := Disk{Root: true, DeleteOnTermination: true}
	ebsData := Disk{}
	store := Disk{InstanceStore: true}
	cases := []struct {
		d    Disk
		a    Action
		want string
	}{
		{ebsRoot, ActStop, FateKept}, {ebsRoot, ActReboot, FateKept}, {ebsRoot, ActTerminate, FateDeleted}, {ebsRoot, ActHostFailure, FateKept},
		{ebsData, ActTerminate, FateDetached},
		{store, ActStop, FateLost}, {store, ActReboot, FateKept}, {store, ActTerminate, FateLost}, {store, ActHostFailure, FateLost},
	}
	for _, c := range cases {
		if got := c.d.Fate(c.a); got != c.want {
			t.Errorf("%+v %s: %s, want %s", c.d, c.a, got, c.want)
		}
	}
}
