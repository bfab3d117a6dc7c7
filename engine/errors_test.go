package engine

import (
	"strings"
	"testing"
	"time"
)

// TestErrors pins the EC2 error code of every refusal the engine makes.
func TestErrors(t *testing.T) {
	colleague := Caller{Account: ColleagueAccount, Region: "us-east-1"}
	cases := []struct {
		name string
		call func(t *testing.T, w *World) error
		code string
		msg  string // a part of the message
	}{
		{"malformed instance id", func(t *testing.T, w *World) error {
			_, err := w.StopInstances(learner, &StopInstancesInput{InstanceIds: []string{"i-123"}})
			return err
		}, "InvalidInstanceID.Malformed", `Invalid id: "i-123"`},
		{"unknown instance id", func(t *testing.T, w *World) error {
			_, err := w.StartInstances(learner, &StartInstancesInput{InstanceIds: []string{"i-0123456789abcdef0"}})
			return err
		}, "InvalidInstanceID.NotFound", "'i-0123456789abcdef0' does not exist"},
		{"one bad id fails the whole request", func(t *testing.T, w *World) error {
			id := inState(t, w, StateRunning)
			_, err := w.StopInstances(learner, &StopInstancesInput{InstanceIds: []string{id, "i-0123456789abcdef0"}})
			if stateName(t, w, id) != StateRunning {
				t.Error("the good instance was stopped")
			}
			return err
		}, "InvalidInstanceID.NotFound", ""},
		{"another account's instance is not found", func(t *testing.T, w *World) error {
			id := inState(t, w, StateRunning)
			_, err := w.TerminateInstances(colleague, &TerminateInstancesInput{InstanceIds: []string{id}})
			return err
		}, "InvalidInstanceID.NotFound", ""},
		{"malformed image id", func(t *testing.T, w *World) error {
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: "ami-xyz", InstanceType: "t3.micro"})
			return err
		}, "InvalidAMIID.Malformed", ""},
		{"unknown image id", func(t *testing.T, w *World) error {
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: "ami-0123456789abcdef0", InstanceType: "t3.micro"})
			return err
		}, "InvalidAMIID.NotFound", "[ami-0123456789abcdef0]"},
		{"image ids are per region", func(t *testing.T, w *World) error {
			id := imageNamed(t, w, learner, al2023)
			_, err := w.RunInstances(Caller{Account: LearnerAccount, Region: "eu-west-1"}, &RunInstancesInput{ImageId: id, InstanceType: "t3.micro"})
			return err
		}, "InvalidAMIID.NotFound", ""},
		{"missing image id", func(t *testing.T, w *World) error {
			_, err := w.RunInstances(learner, &RunInstancesInput{InstanceType: "t3.micro"})
			return err
		}, "MissingParameter", "ImageId"},
		{"unknown instance type", func(t *testing.T, w *World) error {
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: imageNamed(t, w, learner, al2023), InstanceType: "t9.huge"})
			return err
		}, "InvalidParameterValue", "Invalid value 't9.huge' for InstanceType."},
		{"architecture mismatch", func(t *testing.T, w *World) error {
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: imageNamed(t, w, learner, al2023arm), InstanceType: "t3.micro"})
			return err
		}, "InvalidParameterValue", "architecture"},
		{"default type m1.small cannot boot an HVM image", func(t *testing.T, w *World) error {
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: imageNamed(t, w, learner, al2023)})
			return err
		}, "InvalidParameterCombination", "m1.small"},
		{"instance-store image on an EBS-only type", func(t *testing.T, w *World) error {
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: imageNamed(t, w, learner, pvImage), InstanceType: "t2.micro"})
			return err
		}, "InvalidParameterCombination", ""},
		{"min count above max count", func(t *testing.T, w *World) error {
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: imageNamed(t, w, learner, al2023), InstanceType: "t3.micro", MinCount: 3, MaxCount: 2})
			return err
		}, "InvalidParameterValue", ""},
		{"vCPU quota", func(t *testing.T, w *World) error {
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: imageNamed(t, w, learner, al2023), InstanceType: "m5.2xlarge", MinCount: 5, MaxCount: 5})
			return err
		}, "VcpuLimitExceeded", "vCPU limit of 32"},
		{"unknown key pair", func(t *testing.T, w *World) error {
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: imageNamed(t, w, learner, al2023), InstanceType: "t3.micro", KeyName: "nope"})
			return err
		}, "InvalidKeyPair.NotFound", ""},
		{"unknown security group", func(t *testing.T, w *World) error {
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: imageNamed(t, w, learner, al2023), InstanceType: "t3.micro", SecurityGroupIds: []string{"sg-0123456789abcdef0"}})
			return err
		}, "InvalidGroup.NotFound", ""},
		{"marketplace image without subscription", func(t *testing.T, w *World) error {
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: imageNamed(t, w, learner, "wordpress-6.7-on-al2023-vendor-1.0"), InstanceType: "t3.micro"})
			return err
		}, "OptInRequired", ""},
		{"private image of another account", func(t *testing.T, w *World) error {
			out, _ := w.DescribeImages(colleague, &DescribeImagesInput{Owners: []string{"self"}})
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: out.Images[0].ImageId, InstanceType: "t3.micro"})
			return err
		}, "AuthFailure", "Not authorized for images"},
		{"root volume smaller than its snapshot", func(t *testing.T, w *World) error {
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: imageNamed(t, w, learner, al2023), InstanceType: "t3.micro",
				BlockDeviceMappings: []BlockDeviceMapping{{DeviceName: "/dev/xvda", Ebs: &EbsBlockDevice{VolumeSize: 4}}}})
			return err
		}, "InvalidBlockDeviceMapping", "expect size >= 8GB"},
		{"dry run that would succeed", func(t *testing.T, w *World) error {
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: imageNamed(t, w, learner, al2023), InstanceType: "t3.micro", DryRun: true})
			return err
		}, "DryRunOperation", "Request would have succeeded, but DryRun flag is set."},
		{"dry run that would fail reports the failure", func(t *testing.T, w *World) error {
			_, err := w.StopInstances(learner, &StopInstancesInput{InstanceIds: []string{"i-0123456789abcdef0"}, DryRun: true})
			return err
		}, "InvalidInstanceID.NotFound", ""},
		{"stop an instance-store-backed instance", func(t *testing.T, w *World) error {
			id := launch(t, w, pvImage, "m3.medium", 1)[0]
			w.Advance(2 * time.Minute)
			_, err := w.StopInstances(learner, &StopInstancesInput{InstanceIds: []string{id}})
			return err
		}, "UnsupportedOperation", "does not have an 'ebs' root device type and cannot be stopped"},
		{"termination protection", func(t *testing.T, w *World) error {
			id := inState(t, w, StateRunning)
			disable(t, w, id, "disableApiTermination", "true")
			_, err := w.TerminateInstances(learner, &TerminateInstancesInput{InstanceIds: []string{id}})
			return err
		}, "OperationNotPermitted", "disableApiTermination"},
		{"stop protection refuses stop", func(t *testing.T, w *World) error {
			id := inState(t, w, StateRunning)
			disable(t, w, id, "disableApiStop", "true")
			_, err := w.StopInstances(learner, &StopInstancesInput{InstanceIds: []string{id}})
			return err
		}, "OperationNotPermitted", "disableApiStop"},
		{"change type while running", func(t *testing.T, w *World) error {
			id := inState(t, w, StateRunning)
			_, err := w.ModifyInstanceAttribute(learner, &ModifyInstanceAttributeInput{InstanceId: id, InstanceType: &AttributeValue{Value: "t3.large"}})
			return err
		}, "IncorrectInstanceState", "is not in the 'stopped' state"},
		{"bad shutdown behaviour", func(t *testing.T, w *World) error {
			id := inState(t, w, StateRunning)
			return disableErr(w, id, "instanceInitiatedShutdownBehavior", "explode")
		}, "InvalidParameterValue", ""},
		{"image name too short", func(t *testing.T, w *World) error {
			id := inState(t, w, StateRunning)
			_, err := w.CreateImage(learner, &CreateImageInput{InstanceId: id, Name: "ab"})
			return err
		}, "InvalidAMIName.Malformed", ""},
		{"duplicate image name", func(t *testing.T, w *World) error {
			id := inState(t, w, StateRunning)
			if _, err := w.CreateImage(learner, &CreateImageInput{InstanceId: id, Name: "web"}); err != nil {
				t.Fatal(err)
			}
			_, err := w.CreateImage(learner, &CreateImageInput{InstanceId: id, Name: "web"})
			return err
		}, "InvalidAMIName.Duplicate", "already in use"},
		{"image from a pending instance", func(t *testing.T, w *World) error {
			id := inState(t, w, StatePending)
			_, err := w.CreateImage(learner, &CreateImageInput{InstanceId: id, Name: "web"})
			return err
		}, "IncorrectInstanceState", ""},
		{"launch from a pending image", func(t *testing.T, w *World) error {
			id := inState(t, w, StateRunning)
			img, _ := w.CreateImage(learner, &CreateImageInput{InstanceId: id, Name: "web"})
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: img.ImageId, InstanceType: "t3.micro"})
			return err
		}, "InvalidAMIID.Unavailable", ""},
		{"launch from a deregistered image", func(t *testing.T, w *World) error {
			img := ownImage(t, w)
			if _, err := w.DeregisterImage(learner, &DeregisterImageInput{ImageId: img}); err != nil {
				t.Fatal(err)
			}
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: img, InstanceType: "t3.micro"})
			return err
		}, "InvalidAMIID.NotFound", ""},
		{"deregister another account's image", func(t *testing.T, w *World) error {
			_, err := w.DeregisterImage(learner, &DeregisterImageInput{ImageId: imageNamed(t, w, learner, al2023)})
			return err
		}, "AuthFailure", ""},
		{"delete a snapshot an image uses", func(t *testing.T, w *World) error {
			img := ownImage(t, w)
			out, _ := w.DescribeImages(learner, &DescribeImagesInput{ImageIds: []string{img}})
			_, err := w.DeleteSnapshot(learner, &DeleteSnapshotInput{SnapshotId: out.Images[0].BlockDeviceMappings[0].Ebs.SnapshotId})
			return err
		}, "InvalidSnapshot.InUse", "is currently in use by "},
		{"share with a malformed account", func(t *testing.T, w *World) error {
			img := ownImage(t, w)
			_, err := w.ModifyImageAttribute(learner, &ModifyImageAttributeInput{ImageId: img, LaunchPermission: &LaunchPermissionModifications{Add: []LaunchPermission{{UserId: "12345"}}}})
			return err
		}, "InvalidUserID.Malformed", ""},
		{"share with a bad group", func(t *testing.T, w *World) error {
			img := ownImage(t, w)
			_, err := w.ModifyImageAttribute(learner, &ModifyImageAttributeInput{ImageId: img, LaunchPermission: &LaunchPermissionModifications{Add: []LaunchPermission{{Group: "friends"}}}})
			return err
		}, "InvalidParameterValue", ""},
		{"copy a marketplace image", func(t *testing.T, w *World) error {
			_, err := w.CopyImage(Caller{Account: LearnerAccount, Region: "us-west-2"}, &CopyImageInput{SourceImageId: imageNamed(t, w, learner, "hardened-nginx-al2023-vendor-2.3"), SourceRegion: "us-east-1", Name: "copy"})
			return err
		}, "InvalidParameterValue", "product codes"},
		{"copy without a name", func(t *testing.T, w *World) error {
			_, err := w.CopyImage(Caller{Account: LearnerAccount, Region: "us-west-2"}, &CopyImageInput{SourceImageId: imageNamed(t, w, learner, al2023), SourceRegion: "us-east-1"})
			return err
		}, "MissingParameter", "Name"},
		{"unknown filter", func(t *testing.T, w *World) error {
			_, err := w.DescribeInstances(learner, &DescribeInstancesInput{Filters: []Filter{{Name: "colour", Values: []string{"red"}}}})
			return err
		}, "InvalidParameterValue", "The filter 'colour' is invalid"},
		{"unknown region", func(t *testing.T, w *World) error {
			_, err := w.DescribeInstances(Caller{Account: LearnerAccount, Region: "mars-north-1"}, &DescribeInstancesInput{})
			return err
		}, "InvalidRegion", ""},
		{"unknown account", func(t *testing.T, w *World) error {
			_, err := w.DescribeInstances(Caller{Account: "999999999999", Region: "us-east-1"}, &DescribeInstancesInput{})
			return err
		}, "AuthFailure", ""},
		{"delete an attached volume", func(t *testing.T, w *World) error {
			id := inState(t, w, StateRunning)
			v, _ := w.InstanceView(learner, id)
			_, err := w.DeleteVolume(learner, &DeleteVolumeInput{VolumeId: v.BlockDeviceMappings[0].Ebs.VolumeId})
			return err
		}, "VolumeInUse", ""},
		{"duplicate security group rule", func(t *testing.T, w *World) error {
			g, _ := w.CreateSecurityGroup(learner, &CreateSecurityGroupInput{GroupName: "web", Description: "web"})
			rule := &SecurityGroupRuleInput{GroupId: g.GroupId, IpProtocol: "tcp", FromPort: ptr(80), ToPort: ptr(80), CidrIp: "0.0.0.0/0"}
			if _, err := w.AuthorizeSecurityGroupIngress(learner, rule); err != nil {
				t.Fatal(err)
			}
			_, err := w.AuthorizeSecurityGroupIngress(learner, rule)
			return err
		}, "InvalidPermission.Duplicate", ""},
		{"bad CIDR", func(t *testing.T, w *World) error {
			g, _ := w.CreateSecurityGroup(learner, &CreateSecurityGroupInput{GroupName: "web", Description: "web"})
			_, err := w.AuthorizeSecurityGroupIngress(learner, &SecurityGroupRuleInput{GroupId: g.GroupId, IpProtocol: "tcp", FromPort: ptr(22), ToPort: ptr(22), CidrIp: "1.2.3.4/99"})
			return err
		}, "InvalidParameterValue", "CIDR"},
		{"duplicate key pair", func(t *testing.T, w *World) error {
			w.CreateKeyPair(learner, &CreateKeyPairInput{KeyName: "k"})
			_, err := w.CreateKeyPair(learner, &CreateKeyPairInput{KeyName: "k"})
			return err
		}, "InvalidKeyPair.Duplicate", ""},
		{"reserved tag key", func(t *testing.T, w *World) error {
			id := inState(t, w, StateRunning)
			_, err := w.CreateTags(learner, &CreateTagsInput{Resources: []string{id}, Tags: []Tag{{Key: "aws:owner", Value: "me"}}})
			return err
		}, "InvalidParameterValue", "reserved"},
		{"host failure of a stopped instance", func(t *testing.T, w *World) error {
			return w.FailHost(learner, inState(t, w, StateStopped))
		}, "IncorrectInstanceState", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := New(Options{})
			before, _ := w.Save()
			err := tc.call(t, w)
			if code(err) != tc.code {
				t.Fatalf("error %v, want code %s", err, tc.code)
			}
			if tc.msg != "" && !strings.Contains(err.(*Error).Message, tc.msg) {
				t.Fatalf("message %q does not mention %q", err.(*Error).Message, tc.msg)
			}
			_ = before
		})
	}
}

func disableErr(w *World, id, attr, value string) error {
	_, err := w.ModifyInstanceAttribute(learner, &ModifyInstanceAttributeInput{InstanceId: id, Attribute: attr, Value: value})
	return err
}

func disable(t *testing.T, w *World, id, attr, value string) {
	t.Helper()
	if err := disableErr(w, id, attr, value); err != nil {
		t.Fatal(err)
	}
}

// ownImage creates an available image of the learner's and returns its id.
func ownImage(t testing.TB, w *World) string {
	t.Helper()
	id := launch(t, w, al2023, "t3.micro", 1)[0]
	w.Advance(time.Minute)
	img, err := w.CreateImage(learner, &CreateImageInput{InstanceId: id, Name: "my-image"})
	if err != nil {
		t.Fatal(err)
	}
	w.Advance(ImageCreateTime)
	return img.ImageId
}

// TestFailedCallsChangeNothing checks that a refused call leaves the world as it was.
func TestFailedCallsChangeNothing(t *testing.T) {
	w := New(Options{})
	id := inState(t, w, StateRunning)
	disable(t, w, id, "disableApiTermination", "true")
	before, _ := w.Save()
	calls := []func() error{
		func() error {
			_, err := w.TerminateInstances(learner, &TerminateInstancesInput{InstanceIds: []string{id}})
			return err
		},
		func() error {
			_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: imageNamed(t, w, learner, al2023), InstanceType: "m5.2xlarge", MinCount: 9, MaxCount: 9})
			return err
		},
		func() error {
			_, err := w.CreateImage(learner, &CreateImageInput{InstanceId: id, Name: "x"})
			return err
		},
		func() error {
			_, err := w.StopInstances(learner, &StopInstancesInput{InstanceIds: []string{id}, DryRun: true})
			return err
		},
	}
	for i, call := range calls {
		if call() == nil {
			t.Fatalf("call %d succeeded", i)
		}
	}
	after, _ := w.Save()
	if string(before) != string(after) {
		t.Fatal("a refused call changed the world")
	}
}
