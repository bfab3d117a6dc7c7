package engine

import (
	"fmt"
	"strings"
	"time"

	"amilab/engine/vfs"
)

// instanceRec is an instance with what the engine keeps beside the API view.
type instanceRec struct {
	Instance
	Owner                 string       `json:"owner"`
	Region                string       `json:"region"`
	Seq                   uint64       `json:"seq"`
	ReservationId         string       `json:"reservationId"`
	UserData              string       `json:"userData,omitempty"`
	DisableApiTermination bool         `json:"disableApiTermination,omitempty"`
	DisableApiStop        bool         `json:"disableApiStop,omitempty"`
	ShutdownBehavior      string       `json:"shutdownBehavior"`
	Epoch                 int          `json:"epoch"`
	RunStart              *time.Time   `json:"runStart,omitempty"`
	RunRate               float64      `json:"runRate,omitempty"`
	Surcharge             float64      `json:"surcharge,omitempty"`
	Booted                bool         `json:"booted,omitempty"`
	Store                 []*storeDisk `json:"store,omitempty"`
	ImageOS               string       `json:"imageOS,omitempty"`
}

// storeDisk is an instance-store volume: its data lives and dies with the host.
type storeDisk struct {
	Device      string   `json:"device"`
	VirtualName string   `json:"virtualName"` // ephemeral0…, or "root" for an instance-store root
	SizeGB      int      `json:"sizeGB"`
	Tree        vfs.Tree `json:"-"`
}

// RunInstancesInput is the request of RunInstances.
type RunInstancesInput struct {
	ImageId                           string               `json:"ImageId"`
	InstanceType                      string               `json:"InstanceType"`
	MinCount                          int                  `json:"MinCount"`
	MaxCount                          int                  `json:"MaxCount"`
	KeyName                           string               `json:"KeyName"`
	SecurityGroupIds                  []string             `json:"SecurityGroupIds"`
	SecurityGroups                    []string             `json:"SecurityGroups"`
	BlockDeviceMappings               []BlockDeviceMapping `json:"BlockDeviceMappings"`
	TagSpecifications                 []TagSpecification   `json:"TagSpecifications"`
	UserData                          string               `json:"UserData"`
	InstanceInitiatedShutdownBehavior string               `json:"InstanceInitiatedShutdownBehavior"`
	DisableApiTermination             bool                 `json:"DisableApiTermination"`
	DisableApiStop                    bool                 `json:"DisableApiStop"`
	Placement                         *Placement           `json:"Placement"`
	DryRun                            bool                 `json:"DryRun"`
}

// Reservation is a group of instances launched together.
type Reservation struct {
	Groups        []GroupIdentifier `json:"Groups"`
	Instances     []Instance        `json:"Instances"`
	OwnerId       string            `json:"OwnerId"`
	ReservationId string            `json:"ReservationId"`
}

// RunInstancesOutput is the response of RunInstances.
type RunInstancesOutput = Reservation

// maxUserData is the largest user data EC2 accepts.
const maxUserData = 16384

// RunInstances launches instances from an image.
func (w *World) RunInstances(c Caller, in *RunInstancesInput) (*RunInstancesOutput, error) {
	if err := w.check(c); err != nil {
		return nil, err
	}
	if in.ImageId == "" {
		return nil, missing("ImageId")
	}
	im, err := w.launchableImage(c, in.ImageId)
	if err != nil {
		return nil, err
	}
	if in.MinCount == 0 && in.MaxCount == 0 {
		in.MinCount, in.MaxCount = 1, 1
	}
	if in.MinCount < 1 || in.MaxCount < 1 {
		return nil, errf(CodeInvalidParameterValue, "Invalid value '%d' for MinCount/MaxCount. Must be at least 1.", min(in.MinCount, in.MaxCount))
	}
	if in.MinCount > in.MaxCount {
		return nil, errf(CodeInvalidParameterValue, "MinCount (%d) must be less than or equal to MaxCount (%d).", in.MinCount, in.MaxCount)
	}
	typeName := in.InstanceType
	if typeName == "" {
		typeName = defaultInstanceType
	}
	it, err := w.compatibleType(typeName, im)
	if err != nil {
		return nil, err
	}
	if len(in.UserData) > maxUserData {
		return nil, errf(CodeInvalidParameterValue, "User data is limited to %d bytes", maxUserData)
	}
	shutdown := in.InstanceInitiatedShutdownBehavior
	switch shutdown {
	case "":
		shutdown = "stop"
	case "stop", "terminate":
	default:
		return nil, invalidValue(shutdown, "InstanceInitiatedShutdownBehavior")
	}
	if in.KeyName != "" && w.keyByName(c, in.KeyName) == nil {
		return nil, errf(CodeInvalidKeyPairNotFound, "The key pair '%s' does not exist", in.KeyName)
	}
	groups, err := w.resolveGroups(c, in.SecurityGroupIds, in.SecurityGroups)
	if err != nil {
		return nil, err
	}
	plan, err := w.planDevices(c, im, it, in.BlockDeviceMappings)
	if err != nil {
		return nil, err
	}
	tags, err := tagsFor(in.TagSpecifications, "instance", "volume")
	if err != nil {
		return nil, err
	}
	zone := zones(c.Region)[w.s.Seq%3]
	if in.Placement != nil && in.Placement.AvailabilityZone != "" {
		zone = in.Placement.AvailabilityZone
		if !contains(zones(c.Region), zone) {
			return nil, invalidValue(zone, "AvailabilityZone")
		}
	}
	if im.ProductCode() != "" && !w.subscribed(c.Account, im.ProductCode()) {
		return nil, errf(CodeOptInRequired, "In order to use this AWS Marketplace product you need to accept terms and subscribe. To do so please visit https://aws.amazon.com/marketplace/pp?sku=%s", im.ProductCode())
	}
	count, err := w.fitQuota(c, it, in.MinCount, in.MaxCount)
	if err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, errDryRun
	}

	res := &Reservation{Groups: []GroupIdentifier{}, OwnerId: c.Account, ReservationId: w.newID(KindReservation)}
	net := w.networkFor(c.Account, c.Region)
	for i := 0; i < count; i++ {
		rec := &instanceRec{
			Owner: c.Account, Region: c.Region, Seq: w.seq(), ReservationId: res.ReservationId,
			UserData: in.UserData, DisableApiTermination: in.DisableApiTermination, DisableApiStop: in.DisableApiStop,
			ShutdownBehavior: shutdown, Surcharge: im.Surcharge, ImageOS: im.OS,
		}
		rec.Instance = Instance{
			AmiLaunchIndex: i, ImageId: im.ImageId, InstanceId: w.newID(KindInstance), InstanceType: it.Name,
			KeyName: in.KeyName, LaunchTime: Time{w.s.Now}, Monitoring: Monitoring{State: "disabled"},
			Placement: Placement{AvailabilityZone: zone, Tenancy: "default"}, Platform: im.Platform,
			ProductCodes: append([]ProductCode{}, im.ProductCodes...), SubnetId: net.Subnets[zone], VpcId: net.VpcId,
			Architecture: im.Architecture, Hypervisor: "xen", RootDeviceName: im.RootDeviceName,
			RootDeviceType: im.RootDeviceType, SecurityGroups: groups, VirtualizationType: im.VirtualizationType,
			CpuOptions:      CpuOptions{CoreCount: max(1, it.VCPU/2), ThreadsPerCore: min(2, it.VCPU)},
			PlatformDetails: im.PlatformDetails, UsageOperation: im.UsageOperation,
			Tags: copyTags(tags["instance"]), EbsOptimized: it.CurrentGen,
		}
		rec.PrivateIpAddress, rec.PrivateDnsName = w.privateAddress(net, c.Region)
		w.s.Instances[rec.InstanceId] = rec
		w.attachPlannedDevices(rec, im, plan, tags["volume"])
		w.index.add(rec.InstanceId, rec.Tags)
		w.index.addImage(rec.ImageId, rec.InstanceId)
		w.index.own(c.Account, c.Region, rec.InstanceId)
		w.enter(rec, StatePending, "", nil)
		res.Instances = append(res.Instances, rec.view())
		w.log(c.Account, c.Region, "RunInstances", rec.InstanceId, "launched %s (%s) from %s", rec.InstanceId, it.Name, im.ImageId)
	}
	res.Groups = []GroupIdentifier{}
	return res, nil
}

// compatibleType checks that an instance type exists and can boot the image.
func (w *World) compatibleType(name string, im *imageRec) (InstanceTypeSpec, error) {
	it, ok := instanceTypes[name]
	if !ok {
		return it, invalidValue(name, "InstanceType")
	}
	if !contains(it.Archs, im.Architecture) {
		return it, errf(CodeInvalidParameterValue, "The architecture '%s' of the specified instance type does not match the architecture '%s' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.", strings.Join(it.Archs, ", "), im.Architecture)
	}
	if !contains(it.Virt, im.VirtualizationType) {
		return it, errf(CodeInvalidParameterCombo, "Virtualization type '%s' of the specified AMI is not supported by instance type '%s' (it supports %s).", im.VirtualizationType, name, strings.Join(it.Virt, ", "))
	}
	if !contains(it.RootDevices, im.RootDeviceType) {
		return it, errf(CodeInvalidParameterCombo, "The instance type '%s' cannot launch an AMI with root device type '%s'. Choose an instance type that supports it (describe-instance-types --filters Name=supported-root-device-type,Values=%s).", name, im.RootDeviceType, im.RootDeviceType)
	}
	return it, nil
}

// fitQuota returns how many instances (between lo and hi) fit in the caller's vCPU quota.
func (w *World) fitQuota(c Caller, it InstanceTypeSpec, lo, hi int) (int, error) {
	quota := w.account(c.Account).VcpuQuota
	free := quota - w.vcpusInUse(c)
	n := min(hi, free/it.VCPU)
	if n < lo {
		return 0, errf(CodeVcpuLimitExceeded, "You have requested more vCPU capacity than your current vCPU limit of %d allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.", quota)
	}
	return n, nil
}

// vcpusInUse counts the vCPUs of the caller's pending and running instances in the region.
func (w *World) vcpusInUse(c Caller) int {
	return w.index.vcpus[c.Account+"/"+c.Region]
}

func (w *World) privateAddress(net *network, region string) (ip, dns string) {
	net.NextIP++
	ip = fmt.Sprintf("172.31.%d.%d", 16+net.NextIP/250, 4+net.NextIP%250)
	dashed := strings.ReplaceAll(ip, ".", "-")
	if region == "us-east-1" {
		return ip, "ip-" + dashed + ".ec2.internal"
	}
	return ip, "ip-" + dashed + "." + region + ".compute.internal"
}

func (w *World) assignPublicAddress(in *instanceRec) {
	r := w.next()
	in.PublicIpAddress = fmt.Sprintf("%d.%d.%d.%d", []int{3, 18, 34, 52, 54}[r%5], (r>>8)%256, (r>>16)%256, 1+(r>>24)%254)
	dashed := strings.ReplaceAll(in.PublicIpAddress, ".", "-")
	if in.Region == "us-east-1" {
		in.PublicDnsName = "ec2-" + dashed + ".compute-1.amazonaws.com"
	} else {
		in.PublicDnsName = "ec2-" + dashed + "." + in.Region + ".compute.amazonaws.com"
	}
}

// view is the API view of an instance, a copy the caller may keep.
func (in *instanceRec) view() Instance {
	v := in.Instance
	v.ProductCodes = append([]ProductCode{}, in.ProductCodes...)
	v.BlockDeviceMappings = append([]InstanceBlockDeviceMapping{}, in.BlockDeviceMappings...)
	v.SecurityGroups = append([]GroupIdentifier{}, in.SecurityGroups...)
	v.Tags = copyTags(in.Tags)
	if in.StateReason != nil {
		r := *in.StateReason
		v.StateReason = &r
	}
	return v
}

// enter moves an instance into a state, schedules its timed transition and
// keeps billing and addresses right. reason is the StateReason code, if any.
func (w *World) enter(in *instanceRec, next, transition string, reason *StateReason) {
	prev := in.State.Name
	if prev == StateRunning && next != StateRunning {
		w.endRun(in)
	}
	vcpu, key := instanceTypes[in.InstanceType].VCPU, in.Owner+"/"+in.Region
	if usesQuota(prev) {
		w.index.vcpus[key] -= vcpu
	}
	if usesQuota(next) {
		w.index.vcpus[key] += vcpu
	}
	in.State = stateOf(next)
	in.Epoch++
	in.StateTransitionReason = transition
	in.StateReason = reason
	switch next {
	case StatePending:
		w.assignPublicAddress(in)
	case StateRunning:
		in.StateReason = nil
		w.beginRun(in)
	case StateStopping, StateShuttingDown:
		in.PublicIpAddress, in.PublicDnsName = "", ""
	}
	if t, ok := TimedTransitions[next]; ok {
		after := t.After
		if next == StatePending && in.RootDeviceType == "instance-store" {
			after = InstanceStoreBoot
		}
		w.schedule(after, taskInstance, in.InstanceId, in.Epoch)
	}
}

// finishTransition carries out a state's timed transition.
func (w *World) finishTransition(in *instanceRec) {
	t := TimedTransitions[in.State.Name]
	switch t.Next {
	case StateRunning:
		w.enter(in, StateRunning, "", nil)
		first := !in.Booted
		in.Booted = true
		w.log(in.Owner, in.Region, "InstanceRunning", in.InstanceId, "%s is running", in.InstanceId)
		if w.Hooks != nil {
			w.Hooks.Booted(w, in.InstanceId, first)
		}
	case StateStopped:
		w.enter(in, StateStopped, in.StateTransitionReason, in.StateReason)
		w.wipeStore(in)
		w.log(in.Owner, in.Region, "InstanceStopped", in.InstanceId, "%s is stopped; its instance-store data is gone", in.InstanceId)
	case StateTerminated:
		w.enter(in, StateTerminated, in.StateTransitionReason, in.StateReason)
		w.releaseVolumes(in)
		in.Store = nil
		w.schedule(TerminatedVisibleFor, taskInstanceGone, in.InstanceId, in.Epoch)
		w.log(in.Owner, in.Region, "InstanceTerminated", in.InstanceId, "%s is terminated", in.InstanceId)
	}
}

func (w *World) halted(in *instanceRec) {
	if w.Hooks != nil {
		w.Hooks.Halted(w, in.InstanceId)
	}
}

// wipeStore replaces every instance-store disk with a blank one.
func (w *World) wipeStore(in *instanceRec) {
	for _, d := range in.Store {
		d.Tree = emptyTree
	}
}

// forgetInstance removes a terminated instance once it is no longer listed.
func (w *World) forgetInstance(in *instanceRec) {
	w.revision++
	w.index.remove(in.InstanceId, in.Tags)
	w.index.removeImage(in.ImageId, in.InstanceId)
	w.index.forget(in.Owner, in.Region, in.InstanceId)
	delete(w.s.Instances, in.InstanceId)
}

// ownInstances resolves the caller's instance ids in the region.
func (w *World) ownInstances(c Caller, ids []string) ([]*instanceRec, error) {
	if err := w.check(c); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, missing("InstanceId")
	}
	if err := checkIDs(KindInstance, ids, func(id string) bool { return w.instance(c, id) != nil }); err != nil {
		return nil, err
	}
	out := make([]*instanceRec, len(ids))
	for i, id := range ids {
		out[i] = w.instance(c, id)
	}
	return out, nil
}

func (w *World) instance(c Caller, id string) *instanceRec {
	in := w.s.Instances[id]
	if in == nil || in.Owner != c.Account || in.Region != c.Region {
		return nil
	}
	return in
}

// InstanceStateChange reports one instance's state before and after a request.
type InstanceStateChange struct {
	CurrentState  InstanceState `json:"CurrentState"`
	InstanceId    string        `json:"InstanceId"`
	PreviousState InstanceState `json:"PreviousState"`
}

func userInitiated(t time.Time) string {
	return "User initiated (" + t.UTC().Format("2006-01-02 15:04:05") + " GMT)"
}

func serverInitiated(t time.Time) string {
	return "Server initiated (" + t.UTC().Format("2006-01-02 15:04:05") + " GMT)"
}

// usesQuota reports whether an instance in this state counts against the vCPU quota.
func usesQuota(state string) bool { return state == StatePending || state == StateRunning }

var userShutdown = &StateReason{Code: "Client.UserInitiatedShutdown", Message: "Client.UserInitiatedShutdown: User initiated shutdown"}

// change applies a state-table action to several instances, all or nothing.
func (w *World) change(c Caller, ids []string, act Action, dryRun bool, extra func(*instanceRec) error, apply func(*instanceRec, Outcome)) ([]InstanceStateChange, error) {
	recs, err := w.ownInstances(c, ids)
	if err != nil {
		return nil, err
	}
	for _, in := range recs {
		if Transitions[in.State.Name][act].Error {
			return nil, incorrectState(in.InstanceId, act)
		}
		if extra != nil {
			if err := extra(in); err != nil {
				return nil, err
			}
		}
	}
	if dryRun {
		return nil, errDryRun
	}
	out := make([]InstanceStateChange, 0, len(recs))
	for _, in := range recs {
		prev := in.State
		o := Transitions[in.State.Name][act]
		if !o.NoOp {
			apply(in, o)
		}
		out = append(out, InstanceStateChange{InstanceId: in.InstanceId, PreviousState: prev, CurrentState: in.State})
	}
	return out, nil
}

// StopInstancesInput is the request of StopInstances.
type StopInstancesInput struct {
	InstanceIds []string `json:"InstanceIds"`
	Force       bool     `json:"Force"`
	Hibernate   bool     `json:"Hibernate"`
	DryRun      bool     `json:"DryRun"`
}

// StopInstancesOutput is the response of StopInstances.
type StopInstancesOutput struct {
	StoppingInstances []InstanceStateChange `json:"StoppingInstances"`
}

// StopInstances stops EBS-backed instances; their EBS volumes stay, their
// instance-store data and public address go.
func (w *World) StopInstances(c Caller, in *StopInstancesInput) (*StopInstancesOutput, error) {
	if in.Hibernate {
		return nil, errf(CodeUnsupportedOperation, "Hibernation is not enabled in this sandbox.")
	}
	ch, err := w.change(c, in.InstanceIds, ActStop, in.DryRun, func(r *instanceRec) error {
		if r.RootDeviceType != "ebs" {
			return errf(CodeUnsupportedOperation, "The instance '%s' does not have an 'ebs' root device type and cannot be stopped.", r.InstanceId)
		}
		if r.DisableApiStop {
			return errf(CodeOperationNotPermitted, "The instance '%s' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.", r.InstanceId)
		}
		return nil
	}, func(r *instanceRec, o Outcome) {
		w.enter(r, o.Next, userInitiated(w.s.Now), userShutdown)
		w.halted(r)
		w.log(r.Owner, r.Region, "StopInstances", r.InstanceId, "stopping %s", r.InstanceId)
	})
	if err != nil {
		return nil, err
	}
	return &StopInstancesOutput{StoppingInstances: ch}, nil
}

// StartInstancesInput is the request of StartInstances.
type StartInstancesInput struct {
	InstanceIds []string `json:"InstanceIds"`
	DryRun      bool     `json:"DryRun"`
}

// StartInstancesOutput is the response of StartInstances.
type StartInstancesOutput struct {
	StartingInstances []InstanceStateChange `json:"StartingInstances"`
}

// StartInstances starts stopped instances: pending, then running, with a new public address.
func (w *World) StartInstances(c Caller, in *StartInstancesInput) (*StartInstancesOutput, error) {
	need := 0
	ch, err := w.change(c, in.InstanceIds, ActStart, in.DryRun, func(r *instanceRec) error {
		if r.State.Name == StateStopped {
			need += instanceTypes[r.InstanceType].VCPU
		}
		if quota := w.account(c.Account).VcpuQuota; need > 0 && w.vcpusInUse(c)+need > quota {
			return errf(CodeVcpuLimitExceeded, "You have requested more vCPU capacity than your current vCPU limit of %d allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.", quota)
		}
		return nil
	}, func(r *instanceRec, o Outcome) {
		w.enter(r, o.Next, "", nil)
		w.log(r.Owner, r.Region, "StartInstances", r.InstanceId, "starting %s", r.InstanceId)
	})
	if err != nil {
		return nil, err
	}
	return &StartInstancesOutput{StartingInstances: ch}, nil
}

// RebootInstancesInput is the request of RebootInstances.
type RebootInstancesInput struct {
	InstanceIds []string `json:"InstanceIds"`
	DryRun      bool     `json:"DryRun"`
}

// RebootInstancesOutput is the (empty) response of RebootInstances.
type RebootInstancesOutput struct{}

// RebootInstances reboots running instances: everything, instance store included, is kept.
func (w *World) RebootInstances(c Caller, in *RebootInstancesInput) (*RebootInstancesOutput, error) {
	_, err := w.change(c, in.InstanceIds, ActReboot, in.DryRun, nil, func(r *instanceRec, _ Outcome) {
		w.reboot(r, "RebootInstances")
	})
	if err != nil {
		return nil, err
	}
	return &RebootInstancesOutput{}, nil
}

func (w *World) reboot(in *instanceRec, why string) {
	w.log(in.Owner, in.Region, why, in.InstanceId, "%s rebooted; its instance store is kept", in.InstanceId)
	w.halted(in)
	if w.Hooks != nil {
		w.Hooks.Booted(w, in.InstanceId, false)
	}
}

// TerminateInstancesInput is the request of TerminateInstances.
type TerminateInstancesInput struct {
	InstanceIds []string `json:"InstanceIds"`
	DryRun      bool     `json:"DryRun"`
}

// TerminateInstancesOutput is the response of TerminateInstances.
type TerminateInstancesOutput struct {
	TerminatingInstances []InstanceStateChange `json:"TerminatingInstances"`
}

// TerminateInstances shuts instances down for good. Volumes marked
// DeleteOnTermination are deleted; the others stay, detached.
func (w *World) TerminateInstances(c Caller, in *TerminateInstancesInput) (*TerminateInstancesOutput, error) {
	ch, err := w.change(c, in.InstanceIds, ActTerminate, in.DryRun, func(r *instanceRec) error {
		if r.State.Name == StateTerminated || r.State.Name == StateShuttingDown {
			return nil
		}
		if r.DisableApiTermination {
			return errf(CodeOperationNotPermitted, "The instance '%s' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.", r.InstanceId)
		}
		if r.DisableApiStop {
			return errf(CodeOperationNotPermitted, "The instance '%s' may not be terminated. Modify its 'disableApiStop' instance attribute and try again.", r.InstanceId)
		}
		return nil
	}, func(r *instanceRec, o Outcome) {
		wasRunning := r.State.Name == StateRunning
		w.enter(r, o.Next, userInitiated(w.s.Now), userShutdown)
		if wasRunning {
			w.halted(r)
		}
		w.log(r.Owner, r.Region, "TerminateInstances", r.InstanceId, "terminating %s", r.InstanceId)
	})
	if err != nil {
		return nil, err
	}
	return &TerminateInstancesOutput{TerminatingInstances: ch}, nil
}

// FailHost simulates a failure of the host under a running instance: its
// instance-store data is lost; an EBS-backed instance is stopped, an
// instance-store-backed one is terminated.
func (w *World) FailHost(c Caller, instanceID string) error {
	recs, err := w.ownInstances(c, []string{instanceID})
	if err != nil {
		return err
	}
	in := recs[0]
	if in.State.Name != StateRunning {
		return errf(CodeIncorrectInstanceState, "The instance '%s' is not running, so its host cannot fail under it.", instanceID)
	}
	w.wipeStore(in)
	reason := &StateReason{Code: "Server.InternalError", Message: "Server.InternalError: The underlying host failed"}
	w.halted(in)
	if in.RootDeviceType == "ebs" {
		w.enter(in, StateStopping, serverInitiated(w.s.Now), reason)
	} else {
		w.enter(in, StateShuttingDown, serverInitiated(w.s.Now), reason)
	}
	w.log(in.Owner, in.Region, "HostFailure", in.InstanceId, "the host under %s failed; its instance-store data is lost", in.InstanceId)
	return nil
}

// GuestShutdown is a shutdown from inside the instance's operating system: it
// stops or terminates the instance as its shutdown behaviour says
// (an instance-store-backed instance always terminates).
func (w *World) GuestShutdown(instanceID string) {
	in := w.s.Instances[instanceID]
	if in == nil || in.State.Name != StateRunning {
		return
	}
	reason := &StateReason{Code: "Client.InstanceInitiatedShutdown", Message: "Client.InstanceInitiatedShutdown: Instance initiated shutdown"}
	why := userInitiated(w.s.Now)
	w.halted(in)
	if in.ShutdownBehavior == "terminate" || in.RootDeviceType != "ebs" {
		w.enter(in, StateShuttingDown, why, reason)
	} else {
		w.enter(in, StateStopping, why, reason)
	}
	w.log(in.Owner, in.Region, "GuestShutdown", in.InstanceId, "%s shut itself down (behaviour: %s)", in.InstanceId, in.ShutdownBehavior)
}
