package cli

import (
	"fmt"
	"strconv"
	"strings"

	"amilab/engine"
)

// The services and their commands. Each command is bound to the engine
// method named as its API action; spec holds what the AWS CLI adds.
var services = []*service{
	{name: "ec2", ops: []*operation{
		engineOp("run-instances", (*engine.World).RunInstances, runInstancesSpec),
		engineOp("describe-instances", (*engine.World).DescribeInstances, spec{}),
		engineOp("describe-instance-status", (*engine.World).DescribeInstanceStatus, spec{}),
		engineOp("stop-instances", (*engine.World).StopInstances, needs("InstanceIds")),
		engineOp("start-instances", (*engine.World).StartInstances, needs("InstanceIds")),
		engineOp("reboot-instances", (*engine.World).RebootInstances, needs("InstanceIds")),
		engineOp("terminate-instances", (*engine.World).TerminateInstances, needs("InstanceIds")),
		engineOp("modify-instance-attribute", (*engine.World).ModifyInstanceAttribute, needs("InstanceId")),
		engineOp("describe-instance-attribute", (*engine.World).DescribeInstanceAttribute, needs("Attribute", "InstanceId")),
		engineOp("create-image", (*engine.World).CreateImage, needs("InstanceId", "Name")),
		engineOp("register-image", (*engine.World).RegisterImage, needs("Name")),
		engineOp("copy-image", (*engine.World).CopyImage, needs("Name", "SourceImageId", "SourceRegion")),
		engineOp("deregister-image", (*engine.World).DeregisterImage, needs("ImageId")),
		engineOp("describe-images", (*engine.World).DescribeImages, spec{}),
		engineOp("modify-image-attribute", (*engine.World).ModifyImageAttribute, needs("ImageId")),
		engineOp("describe-image-attribute", (*engine.World).DescribeImageAttribute, needs("Attribute", "ImageId")),
		engineOp("reset-image-attribute", (*engine.World).ResetImageAttribute, needs("Attribute", "ImageId")),
		engineOp("describe-instance-types", (*engine.World).DescribeInstanceTypes, spec{}),
		engineOp("create-tags", (*engine.World).CreateTags, needs("Resources", "Tags")),
		engineOp("delete-tags", (*engine.World).DeleteTags, needs("Resources")),
		engineOp("describe-tags", (*engine.World).DescribeTags, spec{}),
		engineOp("describe-volumes", (*engine.World).DescribeVolumes, spec{}),
		engineOp("delete-volume", (*engine.World).DeleteVolume, needs("VolumeId")),
		engineOp("create-snapshot", (*engine.World).CreateSnapshot, needs("VolumeId")),
		engineOp("describe-snapshots", (*engine.World).DescribeSnapshots, spec{}),
		engineOp("delete-snapshot", (*engine.World).DeleteSnapshot, needs("SnapshotId")),
		engineOp("create-security-group", (*engine.World).CreateSecurityGroup, needs("Description", "GroupName")),
		engineOp("describe-security-groups", (*engine.World).DescribeSecurityGroups, spec{}),
		engineOp("delete-security-group", (*engine.World).DeleteSecurityGroup, spec{}),
		engineOp("authorize-security-group-ingress", (*engine.World).AuthorizeSecurityGroupIngress, securityGroupRuleSpec),
		engineOp("revoke-security-group-ingress", (*engine.World).RevokeSecurityGroupIngress, securityGroupRuleSpec),
		engineOp("create-key-pair", (*engine.World).CreateKeyPair, needs("KeyName")),
		engineOp("describe-key-pairs", (*engine.World).DescribeKeyPairs, spec{}),
		engineOp("delete-key-pair", (*engine.World).DeleteKeyPair, spec{}),
		engineOp("describe-regions", (*engine.World).DescribeRegions, spec{}),
		engineOp("describe-availability-zones", (*engine.World).DescribeAvailabilityZones, spec{}),
	}},
	{name: "sts", ops: []*operation{
		sessionOp("get-caller-identity", (*Session).getCallerIdentity, spec{}),
	}},
}

// needs is a spec with required members only.
func needs(apiNames ...string) spec { return spec{required: apiNames} }

func findService(name string) *service {
	for _, sv := range services {
		if sv.name == name {
			return sv
		}
	}
	return nil
}

func serviceNames() []string {
	names := []string{}
	for _, sv := range services {
		names = append(names, sv.name)
	}
	return names
}

// runInstancesSpec: --count replaces --min-count and --max-count, and one
// instance is launched when it is not given.
var runInstancesSpec = spec{
	remove: []string{"MinCount", "MaxCount"},
	extra: []*argument{{name: "count", shape: &shape{kind: kString}, apply: func(params *object, v string) error {
		lo, hi, ok := strings.Cut(v, ":")
		if !ok {
			hi = lo
		}
		min, err1 := strconv.Atoi(strings.TrimSpace(lo))
		max, err2 := strconv.Atoi(strings.TrimSpace(hi))
		if err1 != nil || err2 != nil || strings.Count(v, ":") > 1 {
			return &validationError{problems: []string{"count parameter should be of form min[:max] (e.g. 1 or 1:10)"}}
		}
		params.set("MinCount", jsonInt(min))
		params.set("MaxCount", jsonInt(max))
		return nil
	}}},
	defaults: func(params *object) {
		for _, k := range []string{"MaxCount", "MinCount"} {
			if _, ok := params.get(k); !ok {
				params.set(k, jsonInt(1))
			}
		}
	},
}

// callerIdentity is the response of sts get-caller-identity.
type callerIdentity struct {
	UserId  string `json:"UserId"`
	Account string `json:"Account"`
	Arn     string `json:"Arn"`
}

func (s *Session) getCallerIdentity(c engine.Caller, _ *struct{}) (*callerIdentity, error) {
	name := "learner"
	for _, a := range s.World.Accounts() {
		if a.ID == c.Account {
			name = strings.ReplaceAll(a.Name, " ", "-")
		}
	}
	return &callerIdentity{
		UserId:  "AIDA" + strings.ToUpper(fmt.Sprintf("%016x", hashString(c.Account)))[:16],
		Account: c.Account,
		Arn:     fmt.Sprintf("arn:aws:iam::%s:user/%s", c.Account, name),
	}, nil
}

// hashString is FNV-1a, for stable made-up ids.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
