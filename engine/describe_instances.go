package engine

import (
	"encoding/base64"
	"strconv"
)

func (in *instanceRec) tagList() []Tag { return in.Tags }

var instanceFields = fields[*instanceRec]{
	{"instance-id", func(r *instanceRec) []string { return one(r.InstanceId) }},
	{"instance-state-name", instanceStateName},
	{"instance-state-code", instanceStateCode},
	{"image-id", func(r *instanceRec) []string { return one(r.ImageId) }},
	{"instance-type", func(r *instanceRec) []string { return one(r.InstanceType) }},
	{"reservation-id", func(r *instanceRec) []string { return one(r.ReservationId) }},
	{"availability-zone", instanceZone},
	{"key-name", func(r *instanceRec) []string { return one(r.KeyName) }},
	{"architecture", func(r *instanceRec) []string { return one(r.Architecture) }},
	{"root-device-type", func(r *instanceRec) []string { return one(r.RootDeviceType) }},
	{"virtualization-type", func(r *instanceRec) []string { return one(r.VirtualizationType) }},
	{"ip-address", func(r *instanceRec) []string { return one(r.PublicIpAddress) }},
	{"dns-name", func(r *instanceRec) []string { return one(r.PublicDnsName) }},
	{"private-ip-address", func(r *instanceRec) []string { return one(r.PrivateIpAddress) }},
	{"owner-id", func(r *instanceRec) []string { return one(r.Owner) }},
	{"vpc-id", func(r *instanceRec) []string { return one(r.VpcId) }},
	{"subnet-id", func(r *instanceRec) []string { return one(r.SubnetId) }},
	{"platform-details", func(r *instanceRec) []string { return one(r.PlatformDetails) }},
	{"product-code", func(r *instanceRec) []string { return productCodeIDs(r.ProductCodes) }},
	{"state-reason-code", func(r *instanceRec) []string { return stateReasonCode(r.StateReason) }},
	{"instance.group-id", func(r *instanceRec) []string { return groupField(r.SecurityGroups, true) }},
	{"instance.group-name", func(r *instanceRec) []string { return groupField(r.SecurityGroups, false) }},
	{"block-device-mapping.volume-id", func(r *instanceRec) []string {
		var out []string
		for _, b := range r.BlockDeviceMappings {
			out = append(out, b.Ebs.VolumeId)
		}
		return out
	}},
}

// The filters DescribeInstanceStatus shares with DescribeInstances.

func instanceStateName(r *instanceRec) []string { return one(r.State.Name) }

func instanceStateCode(r *instanceRec) []string { return itoa(r.State.Code) }

func instanceZone(r *instanceRec) []string { return one(r.Placement.AvailabilityZone) }

func productCodeIDs(pcs []ProductCode) []string {
	var out []string
	for _, p := range pcs {
		out = append(out, p.ProductCodeId)
	}
	return out
}

func stateReasonCode(r *StateReason) []string {
	if r == nil {
		return nil
	}
	return one(r.Code)
}

func groupField(gs []GroupIdentifier, id bool) []string {
	var out []string
	for _, g := range gs {
		if id {
			out = append(out, g.GroupId)
		} else {
			out = append(out, g.GroupName)
		}
	}
	return out
}

// DescribeInstancesInput is the request of DescribeInstances.
type DescribeInstancesInput struct {
	InstanceIds []string `json:"InstanceIds"`
	Filters     []Filter `json:"Filters"`
	DryRun      bool     `json:"DryRun"`
}

// DescribeInstancesOutput is the response of DescribeInstances.
type DescribeInstancesOutput struct {
	Reservations []Reservation `json:"Reservations"`
}

// DescribeInstances lists the caller's instances in the region, grouped by
// reservation, in launch order. Terminated instances stay listed for an hour.
func (w *World) DescribeInstances(c Caller, in *DescribeInstancesInput) (*DescribeInstancesOutput, error) {
	if err := startDescribe(w, c, instanceFields, in.Filters); err != nil {
		return nil, err
	}
	var cands []*instanceRec
	if len(in.InstanceIds) > 0 {
		recs, err := w.ownInstances(c, in.InstanceIds)
		if err != nil {
			return nil, err
		}
		cands = recs
	} else {
		cands = w.instanceCandidates(c, in.Filters)
	}
	if in.DryRun {
		return nil, errDryRun
	}
	out := &DescribeInstancesOutput{Reservations: []Reservation{}}
	byRes := map[string]int{}
	for _, r := range sortedBySeq(cands, func(r *instanceRec) uint64 { return r.Seq }) {
		if !matches(instanceFields, in.Filters, r) {
			continue
		}
		i, ok := byRes[r.ReservationId]
		if !ok {
			i = len(out.Reservations)
			byRes[r.ReservationId] = i
			out.Reservations = append(out.Reservations, Reservation{Groups: []GroupIdentifier{}, OwnerId: r.Owner, ReservationId: r.ReservationId})
		}
		out.Reservations[i].Instances = append(out.Reservations[i].Instances, r.view())
	}
	return out, nil
}

// instanceCandidates narrows the search with an index when a filter allows it.
func (w *World) instanceCandidates(c Caller, filters []Filter) []*instanceRec {
	var ids map[string]bool
	if v, ok := exactValue(filters, "instance-id"); ok {
		ids = map[string]bool{v: true}
	} else if v, ok := exactValue(filters, "image-id"); ok {
		ids = w.index.launchedFrom(v)
	} else {
		for _, f := range filters {
			if len(f.Name) > 4 && f.Name[:4] == "tag:" {
				if v, ok := exactValue(filters, f.Name); ok {
					ids = w.index.tagged(f.Name[4:], v)
					break
				}
			}
		}
	}
	var out []*instanceRec
	if ids == nil {
		for _, id := range w.index.live(c.Account, c.Region) {
			out = append(out, w.s.Instances[id])
		}
		return out
	}
	for id := range ids {
		if r := w.instance(c, id); r != nil {
			out = append(out, r)
		}
	}
	return out
}

// InstanceView returns one instance as DescribeInstances shows it, for the
// caller's account and region.
func (w *World) InstanceView(c Caller, id string) (Instance, bool) {
	if r := w.instance(c, id); r != nil {
		return r.view(), true
	}
	return Instance{}, false
}

// ModifyInstanceAttributeInput is the request of ModifyInstanceAttribute. Give
// either Attribute and Value, or one of the typed attributes.
type ModifyInstanceAttributeInput struct {
	InstanceId                        string                 `json:"InstanceId"`
	Attribute                         string                 `json:"Attribute"`
	Value                             string                 `json:"Value"`
	InstanceType                      *AttributeValue        `json:"InstanceType"`
	DisableApiTermination             *AttributeBooleanValue `json:"DisableApiTermination"`
	DisableApiStop                    *AttributeBooleanValue `json:"DisableApiStop"`
	InstanceInitiatedShutdownBehavior *AttributeValue        `json:"InstanceInitiatedShutdownBehavior"`
	UserData                          *AttributeValue        `json:"UserData"`
	Groups                            []string               `json:"Groups"`
	DryRun                            bool                   `json:"DryRun"`
}

// ModifyInstanceAttributeOutput is the (empty) response of ModifyInstanceAttribute.
type ModifyInstanceAttributeOutput struct{}

// ModifyInstanceAttribute changes one attribute of an instance. The type and
// user data change only while the instance is stopped.
func (w *World) ModifyInstanceAttribute(c Caller, in *ModifyInstanceAttributeInput) (*ModifyInstanceAttributeOutput, error) {
	if in.InstanceId == "" {
		return nil, missing("InstanceId")
	}
	recs, err := w.ownInstances(c, []string{in.InstanceId})
	if err != nil {
		return nil, err
	}
	r := recs[0]
	attr, value, err := in.attribute()
	if err != nil {
		return nil, err
	}
	stoppedOnly := func() error {
		if r.State.Name != StateStopped {
			return errf(CodeIncorrectInstanceState, "The instance '%s' is not in the 'stopped' state.", r.InstanceId)
		}
		return nil
	}
	var apply func()
	switch attr {
	case "instanceType":
		if err := stoppedOnly(); err != nil {
			return nil, err
		}
		im := w.s.Images[r.ImageId]
		var it InstanceTypeSpec
		if im != nil {
			it, err = w.compatibleType(value, im)
		} else if it, err = instanceTypes[value], nil; it.Name == "" {
			err = invalidValue(value, "InstanceType")
		}
		if err != nil {
			return nil, err
		}
		apply = func() { r.InstanceType = it.Name; r.EbsOptimized = it.CurrentGen }
	case "userData":
		if err := stoppedOnly(); err != nil {
			return nil, err
		}
		data, derr := base64.StdEncoding.DecodeString(value)
		if derr != nil {
			data = []byte(value)
		}
		if len(data) > maxUserData {
			return nil, errf(CodeInvalidParameterValue, "User data is limited to %d bytes", maxUserData)
		}
		apply = func() { r.UserData = string(data) }
	case "disableApiTermination", "disableApiStop":
		b, perr := strconv.ParseBool(value)
		if perr != nil {
			return nil, invalidValue(value, attr)
		}
		if attr == "disableApiTermination" {
			apply = func() { r.DisableApiTermination = b }
		} else {
			apply = func() { r.DisableApiStop = b }
		}
	case "instanceInitiatedShutdownBehavior":
		if value != "stop" && value != "terminate" {
			return nil, invalidValue(value, "InstanceInitiatedShutdownBehavior")
		}
		apply = func() { r.ShutdownBehavior = value }
	case "groupSet":
		groups, gerr := w.resolveGroups(c, in.Groups, nil)
		if gerr != nil {
			return nil, gerr
		}
		apply = func() { r.SecurityGroups = groups }
	default:
		return nil, invalidValue(attr, "Attribute")
	}
	if in.DryRun {
		return nil, errDryRun
	}
	apply()
	w.log(c.Account, c.Region, "ModifyInstanceAttribute", r.InstanceId, "%s: %s set to %s", r.InstanceId, attr, value)
	return &ModifyInstanceAttributeOutput{}, nil
}

// attribute returns the one attribute a modify request names, and its value.
func (in *ModifyInstanceAttributeInput) attribute() (string, string, error) {
	type pair struct{ name, value string }
	var set []pair
	if in.Attribute != "" {
		set = append(set, pair{in.Attribute, in.Value})
	}
	if in.InstanceType != nil {
		set = append(set, pair{"instanceType", in.InstanceType.Value})
	}
	if in.DisableApiTermination != nil {
		set = append(set, pair{"disableApiTermination", strconv.FormatBool(in.DisableApiTermination.Value)})
	}
	if in.DisableApiStop != nil {
		set = append(set, pair{"disableApiStop", strconv.FormatBool(in.DisableApiStop.Value)})
	}
	if in.InstanceInitiatedShutdownBehavior != nil {
		set = append(set, pair{"instanceInitiatedShutdownBehavior", in.InstanceInitiatedShutdownBehavior.Value})
	}
	if in.UserData != nil {
		set = append(set, pair{"userData", in.UserData.Value})
	}
	if len(in.Groups) > 0 {
		set = append(set, pair{"groupSet", ""})
	}
	switch len(set) {
	case 0:
		return "", "", missing("Attribute")
	case 1:
		return set[0].name, set[0].value, nil
	}
	return "", "", errf(CodeInvalidParameterCombo, "Fields for multiple attribute types specified: %s, %s", set[0].name, set[1].name)
}

// DescribeInstanceAttributeInput is the request of DescribeInstanceAttribute.
type DescribeInstanceAttributeInput struct {
	InstanceId string `json:"InstanceId"`
	Attribute  string `json:"Attribute"`
	DryRun     bool   `json:"DryRun"`
}

// DescribeInstanceAttributeOutput is the response of DescribeInstanceAttribute:
// the instance id and the one attribute asked for.
type DescribeInstanceAttributeOutput struct {
	InstanceId                        string                       `json:"InstanceId"`
	InstanceType                      *AttributeValue              `json:"InstanceType,omitempty"`
	DisableApiTermination             *AttributeBooleanValue       `json:"DisableApiTermination,omitempty"`
	DisableApiStop                    *AttributeBooleanValue       `json:"DisableApiStop,omitempty"`
	InstanceInitiatedShutdownBehavior *AttributeValue              `json:"InstanceInitiatedShutdownBehavior,omitempty"`
	UserData                          *AttributeValue              `json:"UserData,omitempty"`
	RootDeviceName                    *AttributeValue              `json:"RootDeviceName,omitempty"`
	BlockDeviceMappings               []InstanceBlockDeviceMapping `json:"BlockDeviceMappings,omitempty"`
	Groups                            []GroupIdentifier            `json:"Groups,omitempty"`
}

// DescribeInstanceAttribute reports one attribute of an instance.
func (w *World) DescribeInstanceAttribute(c Caller, in *DescribeInstanceAttributeInput) (*DescribeInstanceAttributeOutput, error) {
	if in.InstanceId == "" {
		return nil, missing("InstanceId")
	}
	if in.Attribute == "" {
		return nil, missing("Attribute")
	}
	recs, err := w.ownInstances(c, []string{in.InstanceId})
	if err != nil {
		return nil, err
	}
	r := recs[0]
	out := &DescribeInstanceAttributeOutput{InstanceId: r.InstanceId}
	switch in.Attribute {
	case "instanceType":
		out.InstanceType = &AttributeValue{Value: r.InstanceType}
	case "disableApiTermination":
		out.DisableApiTermination = &AttributeBooleanValue{Value: r.DisableApiTermination}
	case "disableApiStop":
		out.DisableApiStop = &AttributeBooleanValue{Value: r.DisableApiStop}
	case "instanceInitiatedShutdownBehavior":
		out.InstanceInitiatedShutdownBehavior = &AttributeValue{Value: r.ShutdownBehavior}
	case "userData":
		out.UserData = &AttributeValue{Value: base64.StdEncoding.EncodeToString([]byte(r.UserData))}
	case "rootDeviceName":
		out.RootDeviceName = &AttributeValue{Value: r.RootDeviceName}
	case "blockDeviceMapping":
		out.BlockDeviceMappings = append([]InstanceBlockDeviceMapping{}, r.BlockDeviceMappings...)
	case "groupSet":
		out.Groups = append([]GroupIdentifier{}, r.SecurityGroups...)
	default:
		return nil, invalidValue(in.Attribute, "Attribute")
	}
	if in.DryRun {
		return nil, errDryRun
	}
	return out, nil
}
