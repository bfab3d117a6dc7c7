package engine

import (
	"fmt"
	"strconv"

	"amilab/engine/vfs"
)

// volumeRec is an EBS volume with its data.
type volumeRec struct {
	Volume
	Owner  string   `json:"owner"`
	Region string   `json:"region"`
	Seq    uint64   `json:"seq"`
	Tree   vfs.Tree `json:"-"`
}

func (v *volumeRec) tagList() []Tag { return v.Tags }

// snapshotRec is an EBS snapshot with its data.
type snapshotRec struct {
	Snapshot
	Region string   `json:"region"`
	Seq    uint64   `json:"seq"`
	Tree   vfs.Tree `json:"-"`
}

func (s *snapshotRec) tagList() []Tag { return s.Tags }

func (w *World) newSnapshot(owner, region, volumeID string, sizeGB int, tree vfs.Tree, desc string) *snapshotRec {
	s := &snapshotRec{Region: region, Seq: w.seq(), Tree: tree}
	s.Snapshot = Snapshot{Description: desc, OwnerId: owner, Progress: "0%", SnapshotId: w.newID(KindSnapshot),
		StartTime: Time{w.s.Now}, State: "pending", VolumeId: volumeID, VolumeSize: sizeGB, StorageTier: "standard"}
	if volumeID == "" {
		s.VolumeId = "vol-ffffffff"
	}
	w.s.Snapshots[s.SnapshotId] = s
	w.schedule(SnapshotTime, taskSnapshot, s.SnapshotId, 0)
	return s
}

// device is one planned block device of a launch.
type device struct {
	Name, VirtualName, SnapshotId, VolumeType string
	SizeGB, Iops                              int
	DeleteOnTermination                       bool
	Tree                                      vfs.Tree
}

// planDevices works out an instance's devices: the image's mapping, changed by
// the launch's mapping, plus the instance type's instance-store disks.
func (w *World) planDevices(c Caller, im *imageRec, it InstanceTypeSpec, launch []BlockDeviceMapping) ([]device, error) {
	var plan []device
	find := func(name string) int {
		for i, d := range plan {
			if d.Name == name {
				return i
			}
		}
		return -1
	}
	for _, m := range im.BlockDeviceMappings {
		if m.Ebs != nil {
			sn := w.s.Snapshots[m.Ebs.SnapshotId]
			plan = append(plan, device{Name: m.DeviceName, SnapshotId: m.Ebs.SnapshotId, VolumeType: m.Ebs.VolumeType,
				SizeGB: m.Ebs.VolumeSize, Iops: m.Ebs.Iops, DeleteOnTermination: m.Ebs.DeleteOnTermination == nil || *m.Ebs.DeleteOnTermination, Tree: sn.Tree})
		} else if m.VirtualName != "" {
			plan = append(plan, device{Name: m.DeviceName, VirtualName: m.VirtualName})
		}
	}
	for _, m := range launch {
		if m.DeviceName == "" {
			return nil, missing("BlockDeviceMapping.DeviceName")
		}
		i := find(m.DeviceName)
		switch {
		case m.NoDevice != nil:
			if m.DeviceName == im.RootDeviceName {
				return nil, errf(CodeInvalidBlockDeviceMap, "The root device %s cannot be suppressed.", m.DeviceName)
			}
			if i >= 0 {
				plan = append(plan[:i], plan[i+1:]...)
			}
		case m.VirtualName != "":
			if i >= 0 {
				plan[i] = device{Name: m.DeviceName, VirtualName: m.VirtualName}
			} else {
				plan = append(plan, device{Name: m.DeviceName, VirtualName: m.VirtualName})
			}
		case m.Ebs != nil:
			d, err := w.ebsDevice(c, m, i, plan)
			if err != nil {
				return nil, err
			}
			if i >= 0 {
				plan[i] = d
			} else {
				plan = append(plan, d)
			}
		default:
			return nil, errf(CodeInvalidBlockDeviceMap, "The mapping of %s needs Ebs, VirtualName or NoDevice.", m.DeviceName)
		}
	}
	// Instance-store disks exist only as far as the instance type has them.
	disks := 0
	kept := plan[:0]
	for _, d := range plan {
		if d.VirtualName == "" {
			kept = append(kept, d)
			continue
		}
		n, err := strconv.Atoi(d.VirtualName[len("ephemeral"):])
		if len(d.VirtualName) < 10 || d.VirtualName[:9] != "ephemeral" || err != nil {
			return nil, invalidValue(d.VirtualName, "VirtualName")
		}
		if n < it.StoreDisks {
			d.SizeGB = it.StoreDiskGB
			kept = append(kept, d)
			disks++
		}
	}
	plan = kept
	for n := 0; disks < it.StoreDisks; n++ {
		virt := fmt.Sprintf("ephemeral%d", n)
		taken := false
		for _, d := range plan {
			taken = taken || d.VirtualName == virt
		}
		if !taken {
			plan = append(plan, device{Name: freeDevice(plan), VirtualName: virt, SizeGB: it.StoreDiskGB})
			disks++
		}
	}
	return plan, nil
}

// freeDevice picks the first /dev/sdX name the plan does not use.
func freeDevice(plan []device) string {
	for c := 'b'; ; c++ {
		name := "/dev/sd" + string(c)
		used := false
		for _, d := range plan {
			used = used || d.Name == name
		}
		if !used {
			return name
		}
	}
}

// ebsDevice validates one EBS entry of a launch's mapping; i is the image's entry it changes, or -1.
func (w *World) ebsDevice(c Caller, m BlockDeviceMapping, i int, plan []device) (device, error) {
	d := device{Name: m.DeviceName, VolumeType: "gp3", DeleteOnTermination: false}
	if i >= 0 {
		d = plan[i]
	}
	e := m.Ebs
	if e.SnapshotId != "" && (i < 0 || e.SnapshotId != d.SnapshotId) {
		sn, err := w.ownSnapshot(c, e.SnapshotId)
		if err != nil {
			return d, err
		}
		d.SnapshotId, d.Tree, d.SizeGB = sn.SnapshotId, sn.Tree, sn.VolumeSize
	}
	if e.VolumeType != "" {
		if _, ok := volumePrice[e.VolumeType]; !ok {
			return d, invalidValue(e.VolumeType, "VolumeType")
		}
		d.VolumeType = e.VolumeType
	}
	if e.VolumeSize != 0 {
		if e.VolumeSize < 1 || e.VolumeSize > 16384 {
			return d, errf(CodeInvalidParameterValue, "Volume size %d GiB is out of range: it must be between 1 and 16384.", e.VolumeSize)
		}
		if d.SnapshotId != "" {
			if sn := w.s.Snapshots[d.SnapshotId]; sn != nil && e.VolumeSize < sn.VolumeSize {
				return d, errf(CodeInvalidBlockDeviceMap, "Volume of size %dGB is smaller than snapshot '%s', expect size >= %dGB", e.VolumeSize, d.SnapshotId, sn.VolumeSize)
			}
		}
		d.SizeGB = e.VolumeSize
	}
	if d.SizeGB == 0 {
		return d, errf(CodeInvalidBlockDeviceMap, "The mapping of %s needs a VolumeSize or a SnapshotId.", m.DeviceName)
	}
	if e.Iops != 0 {
		d.Iops = e.Iops
	}
	if e.DeleteOnTermination != nil {
		d.DeleteOnTermination = *e.DeleteOnTermination
	}
	return d, nil
}

func defaultIops(vtype string, size int) int {
	switch vtype {
	case "gp3":
		return 3000
	case "gp2":
		return max(100, min(16000, 3*size))
	}
	return 0
}

// attachPlannedDevices creates and attaches an instance's volumes and instance-store disks.
func (w *World) attachPlannedDevices(in *instanceRec, im *imageRec, plan []device, tags []Tag) {
	if im.RootDeviceType == "instance-store" {
		in.Store = append(in.Store, &storeDisk{Device: im.RootDeviceName, VirtualName: "root", SizeGB: 10, Tree: im.Bundle})
	}
	for _, d := range plan {
		if d.VirtualName != "" {
			in.Store = append(in.Store, &storeDisk{Device: d.Name, VirtualName: d.VirtualName, SizeGB: d.SizeGB})
			continue
		}
		v := w.newVolume(in.Owner, in.Region, in.Placement.AvailabilityZone, d.SizeGB, d.VolumeType, d.Iops, d.SnapshotId, d.Tree, tags)
		v.State = "in-use"
		v.Attachments = []VolumeAttachment{{AttachTime: Time{w.s.Now}, Device: d.Name, InstanceId: in.InstanceId,
			State: "attached", VolumeId: v.VolumeId, DeleteOnTermination: d.DeleteOnTermination}}
		in.BlockDeviceMappings = append(in.BlockDeviceMappings, InstanceBlockDeviceMapping{DeviceName: d.Name,
			Ebs: &EbsInstanceBlockDevice{AttachTime: Time{w.s.Now}, DeleteOnTermination: d.DeleteOnTermination, Status: "attached", VolumeId: v.VolumeId}})
	}
}

func (w *World) newVolume(owner, region, zone string, size int, vtype string, iops int, snapshot string, tree vfs.Tree, tags []Tag) *volumeRec {
	if iops == 0 {
		iops = defaultIops(vtype, size)
	}
	v := &volumeRec{Owner: owner, Region: region, Seq: w.seq(), Tree: tree}
	v.Volume = Volume{Attachments: []VolumeAttachment{}, AvailabilityZone: zone, CreateTime: Time{w.s.Now}, Size: size,
		SnapshotId: snapshot, State: "available", VolumeId: w.newID(KindVolume), Iops: iops, VolumeType: vtype, Tags: copyTags(tags)}
	w.s.Volumes[v.VolumeId] = v
	w.index.add(v.VolumeId, v.Tags)
	return v
}

// releaseVolumes runs at termination: DeleteOnTermination volumes are deleted,
// the others are detached and stay.
func (w *World) releaseVolumes(in *instanceRec) {
	for i, b := range in.BlockDeviceMappings {
		v := w.s.Volumes[b.Ebs.VolumeId]
		if v == nil {
			continue
		}
		if b.Ebs.DeleteOnTermination {
			w.deleteVolume(v)
		} else {
			v.State, v.Attachments = "available", []VolumeAttachment{}
			w.log(v.Owner, v.Region, "VolumeDetached", v.VolumeId, "%s was detached from %s and kept (DeleteOnTermination is false)", v.VolumeId, in.InstanceId)
		}
		in.BlockDeviceMappings[i].Ebs.Status = "detached"
	}
}

func (w *World) deleteVolume(v *volumeRec) {
	w.chargeVolume(v, true)
	w.index.remove(v.VolumeId, v.Tags)
	delete(w.s.Volumes, v.VolumeId)
	w.log(v.Owner, v.Region, "VolumeDeleted", v.VolumeId, "%s (%d GiB) was deleted", v.VolumeId, v.Size)
}

// VolumeTree returns the file tree of a volume (for the guest runtime and tests).
func (w *World) VolumeTree(volumeID string) (vfs.Tree, bool) {
	v := w.s.Volumes[volumeID]
	if v == nil {
		return vfs.Tree{}, false
	}
	return v.Tree, true
}

// SetVolumeTree replaces the file tree of a volume (the guest runtime writes through it).
func (w *World) SetVolumeTree(volumeID string, t vfs.Tree) bool {
	v := w.s.Volumes[volumeID]
	if v == nil {
		return false
	}
	v.Tree = t
	w.revision++
	return true
}

// Disk is one block device of an instance as the guest sees it.
type Disk struct {
	Device              string
	VirtualName         string // ephemeralN, root (instance-store root) or "" for EBS
	VolumeId            string // EBS only
	SizeGB              int
	InstanceStore       bool
	Root                bool
	DeleteOnTermination bool // EBS only
}

// What happens to a disk's data (see Disk.Fate).
const (
	FateKept     = "kept"     // the data stays with the instance
	FateLost     = "lost"     // instance store: the data is gone
	FateDeleted  = "deleted"  // the EBS volume is deleted with the instance
	FateDetached = "detached" // the EBS volume stays, detached and available
)

// Fate tells what an action (stop, reboot, terminate, or "host-failure") does
// to the disk's data, by EC2's rules: instance store survives only a reboot;
// EBS survives stop and reboot, and a terminate deletes it only when
// DeleteOnTermination is set.
func (d Disk) Fate(a Action) string {
	switch {
	case a == ActReboot:
		return FateKept
	case d.InstanceStore:
		return FateLost
	case a != ActTerminate:
		return FateKept
	case d.DeleteOnTermination:
		return FateDeleted
	}
	return FateDetached
}

// ActHostFailure is a failure of the host under an instance (not a request).
const ActHostFailure Action = "host-failure"

// Disks lists an instance's devices, EBS and instance store, root first.
func (w *World) Disks(instanceID string) []Disk {
	in := w.s.Instances[instanceID]
	if in == nil {
		return nil
	}
	var out []Disk
	for _, b := range in.BlockDeviceMappings {
		if v := w.s.Volumes[b.Ebs.VolumeId]; v != nil && b.Ebs.Status == "attached" {
			out = append(out, Disk{Device: b.DeviceName, VolumeId: v.VolumeId, SizeGB: v.Size, Root: b.DeviceName == in.RootDeviceName, DeleteOnTermination: b.Ebs.DeleteOnTermination})
		}
	}
	for _, d := range in.Store {
		out = append(out, Disk{Device: d.Device, VirtualName: d.VirtualName, SizeGB: d.SizeGB, InstanceStore: true, Root: d.VirtualName == "root"})
	}
	for i := range out {
		if out[i].Root && i > 0 {
			out[0], out[i] = out[i], out[0]
		}
	}
	return out
}

// DiskTree returns the file tree of one of an instance's devices.
func (w *World) DiskTree(instanceID, device string) (vfs.Tree, bool) {
	in := w.s.Instances[instanceID]
	if in == nil {
		return vfs.Tree{}, false
	}
	for _, d := range in.Store {
		if d.Device == device {
			return d.Tree, true
		}
	}
	for _, b := range in.BlockDeviceMappings {
		if b.DeviceName == device && b.Ebs.Status == "attached" {
			return w.VolumeTree(b.Ebs.VolumeId)
		}
	}
	return vfs.Tree{}, false
}

// SetDiskTree replaces the file tree of one of an instance's devices.
func (w *World) SetDiskTree(instanceID, device string, t vfs.Tree) bool {
	in := w.s.Instances[instanceID]
	if in == nil {
		return false
	}
	for _, d := range in.Store {
		if d.Device == device {
			d.Tree = t
			w.revision++
			return true
		}
	}
	for _, b := range in.BlockDeviceMappings {
		if b.DeviceName == device && b.Ebs.Status == "attached" {
			return w.SetVolumeTree(b.Ebs.VolumeId, t)
		}
	}
	return false
}

var volumeFields = fields[*volumeRec]{
	{"volume-id", func(v *volumeRec) []string { return one(v.VolumeId) }},
	{"status", func(v *volumeRec) []string { return one(v.State) }},
	{"size", func(v *volumeRec) []string { return itoa(v.Size) }},
	{"volume-type", func(v *volumeRec) []string { return one(v.VolumeType) }},
	{"availability-zone", func(v *volumeRec) []string { return one(v.AvailabilityZone) }},
	{"snapshot-id", func(v *volumeRec) []string { return one(v.SnapshotId) }},
	{"encrypted", func(v *volumeRec) []string { return boolStr(v.Encrypted) }},
	{"attachment.instance-id", func(v *volumeRec) []string {
		return attachmentField(v, func(a VolumeAttachment) string { return a.InstanceId })
	}},
	{"attachment.device", func(v *volumeRec) []string {
		return attachmentField(v, func(a VolumeAttachment) string { return a.Device })
	}},
	{"attachment.status", func(v *volumeRec) []string {
		return attachmentField(v, func(a VolumeAttachment) string { return a.State })
	}},
	{"attachment.delete-on-termination", func(v *volumeRec) []string {
		return attachmentField(v, func(a VolumeAttachment) string { return strconv.FormatBool(a.DeleteOnTermination) })
	}},
}

func attachmentField(v *volumeRec, get func(VolumeAttachment) string) []string {
	var out []string
	for _, a := range v.Attachments {
		out = append(out, get(a))
	}
	return out
}

// DescribeVolumesInput is the request of DescribeVolumes.
type DescribeVolumesInput struct {
	VolumeIds []string `json:"VolumeIds"`
	Filters   []Filter `json:"Filters"`
	DryRun    bool     `json:"DryRun"`
}

// DescribeVolumesOutput is the response of DescribeVolumes.
type DescribeVolumesOutput struct {
	Volumes []Volume `json:"Volumes"`
}

// DescribeVolumes lists the caller's EBS volumes in the region.
func (w *World) DescribeVolumes(c Caller, in *DescribeVolumesInput) (*DescribeVolumesOutput, error) {
	if err := startDescribe(w, c, volumeFields, in.Filters); err != nil {
		return nil, err
	}
	own := func(id string) *volumeRec {
		if v := w.s.Volumes[id]; v != nil && v.Owner == c.Account && v.Region == c.Region {
			return v
		}
		return nil
	}
	if err := checkIDs(KindVolume, in.VolumeIds, func(id string) bool { return own(id) != nil }); err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, errDryRun
	}
	var list []*volumeRec
	if len(in.VolumeIds) > 0 {
		for _, id := range in.VolumeIds {
			list = append(list, own(id))
		}
	} else {
		for id := range w.s.Volumes {
			if v := own(id); v != nil {
				list = append(list, v)
			}
		}
	}
	out := &DescribeVolumesOutput{Volumes: []Volume{}}
	for _, v := range sortedBySeq(list, func(v *volumeRec) uint64 { return v.Seq }) {
		if matches(volumeFields, in.Filters, v) {
			vv := v.Volume
			vv.Attachments = append([]VolumeAttachment{}, v.Attachments...)
			vv.Tags = copyTags(v.Tags)
			out.Volumes = append(out.Volumes, vv)
		}
	}
	return out, nil
}

// DeleteVolumeInput is the request of DeleteVolume.
type DeleteVolumeInput struct {
	VolumeId string `json:"VolumeId"`
	DryRun   bool   `json:"DryRun"`
}

// DeleteVolumeOutput is the (empty) response of DeleteVolume.
type DeleteVolumeOutput struct{}

// DeleteVolume deletes an available (detached) volume.
func (w *World) DeleteVolume(c Caller, in *DeleteVolumeInput) (*DeleteVolumeOutput, error) {
	if err := w.check(c); err != nil {
		return nil, err
	}
	if in.VolumeId == "" {
		return nil, missing("VolumeId")
	}
	var v *volumeRec
	if err := checkIDs(KindVolume, []string{in.VolumeId}, func(id string) bool {
		v = w.s.Volumes[id]
		return v != nil && v.Owner == c.Account && v.Region == c.Region
	}); err != nil {
		return nil, err
	}
	if v.State == "in-use" {
		return nil, errf(CodeVolumeInUse, "Volume %s is currently attached to %s", v.VolumeId, v.Attachments[0].InstanceId)
	}
	if in.DryRun {
		return nil, errDryRun
	}
	w.deleteVolume(v)
	return &DeleteVolumeOutput{}, nil
}

var snapshotFields = fields[*snapshotRec]{
	{"snapshot-id", func(s *snapshotRec) []string { return one(s.SnapshotId) }},
	{"volume-id", func(s *snapshotRec) []string { return one(s.VolumeId) }},
	{"status", func(s *snapshotRec) []string { return one(s.State) }},
	{"owner-id", func(s *snapshotRec) []string { return one(s.OwnerId) }},
	{"description", func(s *snapshotRec) []string { return one(s.Description) }},
	{"volume-size", func(s *snapshotRec) []string { return itoa(s.VolumeSize) }},
	{"progress", func(s *snapshotRec) []string { return one(s.Progress) }},
}

// DescribeSnapshotsInput is the request of DescribeSnapshots.
type DescribeSnapshotsInput struct {
	SnapshotIds []string `json:"SnapshotIds"`
	OwnerIds    []string `json:"OwnerIds"`
	Filters     []Filter `json:"Filters"`
	DryRun      bool     `json:"DryRun"`
}

// DescribeSnapshotsOutput is the response of DescribeSnapshots.
type DescribeSnapshotsOutput struct {
	Snapshots []Snapshot `json:"Snapshots"`
}

// DescribeSnapshots lists the caller's snapshots in the region (or those of
// the owners named, as far as the caller may see them).
func (w *World) DescribeSnapshots(c Caller, in *DescribeSnapshotsInput) (*DescribeSnapshotsOutput, error) {
	if err := startDescribe(w, c, snapshotFields, in.Filters); err != nil {
		return nil, err
	}
	owners := in.OwnerIds
	if len(owners) == 0 {
		owners = []string{"self"}
	}
	visible := func(s *snapshotRec) bool {
		if s.Region != c.Region {
			return false
		}
		for _, o := range owners {
			alias := ""
			if a := w.account(s.OwnerId); a != nil {
				alias = a.Alias
			}
			if (o == "self" && s.OwnerId == c.Account) || o == s.OwnerId || (o != "" && o == alias) {
				return s.OwnerId == c.Account || alias != ""
			}
		}
		return false
	}
	if err := checkIDs(KindSnapshot, in.SnapshotIds, func(id string) bool {
		s := w.s.Snapshots[id]
		return s != nil && s.Region == c.Region && (s.OwnerId == c.Account || visible(s))
	}); err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, errDryRun
	}
	var list []*snapshotRec
	if len(in.SnapshotIds) > 0 {
		for _, id := range in.SnapshotIds {
			list = append(list, w.s.Snapshots[id])
		}
	} else {
		for _, s := range w.s.Snapshots {
			if visible(s) {
				list = append(list, s)
			}
		}
	}
	out := &DescribeSnapshotsOutput{Snapshots: []Snapshot{}}
	for _, s := range sortedBySeq(list, func(s *snapshotRec) uint64 { return s.Seq }) {
		if matches(snapshotFields, in.Filters, s) {
			v := s.Snapshot
			v.Tags = copyTags(s.Tags)
			out.Snapshots = append(out.Snapshots, v)
		}
	}
	return out, nil
}

// ownSnapshot resolves a snapshot the caller owns in the region.
func (w *World) ownSnapshot(c Caller, id string) (*snapshotRec, error) {
	var s *snapshotRec
	err := checkIDs(KindSnapshot, []string{id}, func(id string) bool {
		s = w.s.Snapshots[id]
		return s != nil && s.Region == c.Region && s.OwnerId == c.Account
	})
	return s, err
}

// CreateSnapshotInput is the request of CreateSnapshot.
type CreateSnapshotInput struct {
	VolumeId          string             `json:"VolumeId"`
	Description       string             `json:"Description"`
	TagSpecifications []TagSpecification `json:"TagSpecifications"`
	DryRun            bool               `json:"DryRun"`
}

// CreateSnapshot takes a point-in-time copy of a volume.
func (w *World) CreateSnapshot(c Caller, in *CreateSnapshotInput) (*Snapshot, error) {
	if err := w.check(c); err != nil {
		return nil, err
	}
	if in.VolumeId == "" {
		return nil, missing("VolumeId")
	}
	var v *volumeRec
	if err := checkIDs(KindVolume, []string{in.VolumeId}, func(id string) bool {
		v = w.s.Volumes[id]
		return v != nil && v.Owner == c.Account && v.Region == c.Region
	}); err != nil {
		return nil, err
	}
	tags, err := tagsFor(in.TagSpecifications, "snapshot")
	if err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, errDryRun
	}
	s := w.newSnapshot(c.Account, c.Region, v.VolumeId, v.Size, v.Tree, in.Description)
	s.Tags = copyTags(tags["snapshot"])
	w.index.add(s.SnapshotId, s.Tags)
	w.log(c.Account, c.Region, "CreateSnapshot", s.SnapshotId, "snapshot %s of %s started", s.SnapshotId, v.VolumeId)
	out := s.Snapshot
	return &out, nil
}

// DeleteSnapshotInput is the request of DeleteSnapshot.
type DeleteSnapshotInput struct {
	SnapshotId string `json:"SnapshotId"`
	DryRun     bool   `json:"DryRun"`
}

// DeleteSnapshotOutput is the (empty) response of DeleteSnapshot.
type DeleteSnapshotOutput struct{}

// DeleteSnapshot deletes a snapshot no registered image uses.
func (w *World) DeleteSnapshot(c Caller, in *DeleteSnapshotInput) (*DeleteSnapshotOutput, error) {
	if err := w.check(c); err != nil {
		return nil, err
	}
	if in.SnapshotId == "" {
		return nil, missing("SnapshotId")
	}
	s, err := w.ownSnapshot(c, in.SnapshotId)
	if err != nil {
		return nil, err
	}
	for _, im := range w.s.Images {
		if im.State == "deregistered" {
			continue
		}
		for _, m := range im.BlockDeviceMappings {
			if m.Ebs != nil && m.Ebs.SnapshotId == s.SnapshotId {
				return nil, errf(CodeInvalidSnapshotInUse, "The snapshot %s is currently in use by %s", s.SnapshotId, im.ImageId)
			}
		}
	}
	if in.DryRun {
		return nil, errDryRun
	}
	w.chargeSnapshot(s, true)
	w.index.remove(s.SnapshotId, s.Tags)
	delete(w.s.Snapshots, s.SnapshotId)
	w.log(c.Account, c.Region, "DeleteSnapshot", s.SnapshotId, "snapshot %s deleted", s.SnapshotId)
	return &DeleteSnapshotOutput{}, nil
}
