package engine

import (
	"regexp"
	"sort"
	"strings"

	"amilab/engine/vfs"
)

// imageRec is an AMI with what the engine keeps beside the API view.
type imageRec struct {
	Image
	Owner      string          `json:"owner"`
	Region     string          `json:"region"`
	Seq        uint64          `json:"seq"`
	QuickStart bool            `json:"quickStart,omitempty"`
	Surcharge  float64         `json:"surcharge,omitempty"`
	Perms      map[string]bool `json:"perms,omitempty"` // accounts given launch permission
	OS         string          `json:"os,omitempty"`
	Bundle     vfs.Tree        `json:"-"` // the root template of an instance-store-backed image
}

func (im *imageRec) tagList() []Tag { return im.Tags }

// ProductCode is the Marketplace product code of the image, or "".
func (im *imageRec) ProductCode() string {
	if len(im.ProductCodes) == 0 {
		return ""
	}
	return im.ProductCodes[0].ProductCodeId
}

func (im *imageRec) view() Image {
	v := im.Image
	v.BlockDeviceMappings = copyMappings(im.BlockDeviceMappings)
	v.ProductCodes = append([]ProductCode(nil), im.ProductCodes...)
	v.Tags = copyTags(im.Tags)
	return v
}

func copyMappings(in []BlockDeviceMapping) []BlockDeviceMapping {
	out := make([]BlockDeviceMapping, len(in))
	for i, m := range in {
		out[i] = m
		if m.Ebs != nil {
			e := *m.Ebs
			out[i].Ebs = &e
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// canLaunch reports whether an account may launch (and see) the image.
func (im *imageRec) canLaunch(account string) bool {
	return im.Owner == account || im.Public || im.Perms[account]
}

// addCatalogImage registers one image of the starting catalogue in a region.
func (w *World) addCatalogImage(region string, p publicImage) {
	im := &imageRec{Owner: p.Owner, Region: region, Seq: w.seq(), QuickStart: p.QuickStart, Surcharge: p.SurchargePerHour, OS: p.OS, Perms: map[string]bool{}}
	alias := w.account(p.Owner).Alias
	loc := p.Owner + "/" + p.Name
	if alias != "" {
		loc = alias + "/" + p.Name
	}
	im.Image = Image{
		Architecture: p.Arch, CreationDate: "2024-12-13T07:31:46.000Z", ImageId: w.newID(KindImage), ImageLocation: loc,
		ImageType: "machine", Public: p.Public, OwnerId: p.Owner, Platform: p.Platform, State: "available",
		Description: p.Description, EnaSupport: p.Virt == "hvm", Hypervisor: "xen", ImageOwnerAlias: alias, Name: p.Name,
		VirtualizationType: p.Virt, RootDeviceType: p.RootType,
	}
	im.PlatformDetails, im.UsageOperation = "Linux/UNIX", "RunInstances"
	if p.Platform == "windows" {
		im.PlatformDetails, im.UsageOperation = "Windows", "RunInstances:0002"
	}
	if p.ProductCode != "" {
		im.ProductCodes = []ProductCode{{ProductCodeId: p.ProductCode, ProductCodeType: "marketplace"}}
	}
	tree := w.osTree(p.OS, p.Arch, p.Name)
	switch {
	case p.RootType == "instance-store":
		im.RootDeviceName = "/dev/sda1"
		im.Bundle = tree
		im.BlockDeviceMappings = []BlockDeviceMapping{{DeviceName: "/dev/sdb", VirtualName: "ephemeral0"}}
		im.ImageLocation = "amzn-ami-us-east-1/" + p.Name + ".manifest.xml"
	default:
		im.RootDeviceName = "/dev/xvda"
		if strings.HasPrefix(p.OS, "ubuntu") || p.Platform == "windows" {
			im.RootDeviceName = "/dev/sda1"
		}
		snap := w.newSnapshot(p.Owner, region, "", p.RootGB, tree, "Root volume of "+p.Name)
		snap.State, snap.Progress = "completed", "100%"
		im.SriovNetSupport = "simple"
		im.BlockDeviceMappings = []BlockDeviceMapping{{DeviceName: im.RootDeviceName, Ebs: &EbsBlockDevice{
			DeleteOnTermination: ptr(true), SnapshotId: snap.SnapshotId, VolumeSize: p.RootGB, VolumeType: "gp3", Encrypted: ptr(false), Iops: 3000}}}
	}
	w.addImage(im)
}

// addImage stores a new image and indexes its tags and name.
func (w *World) addImage(im *imageRec) {
	w.s.Images[im.ImageId] = im
	w.index.add(im.ImageId, im.Tags)
	w.index.nameImage(im.Owner, im.Region, im.Name, im.ImageId)
}

// osTree is the starting root file system of an image: the OS's identity
// files and what the guest programs need. Regions share one tree per image.
func (w *World) osTree(osID, arch, name string) vfs.Tree {
	key := osID + "/" + arch + "/" + name
	if t, ok := w.baseTrees[key]; ok {
		return t
	}
	pretty := map[string]string{
		"amzn-2023":    `NAME="Amazon Linux"` + "\nVERSION=\"2023\"\nID=\"amzn\"\nVERSION_ID=\"2023\"\nPRETTY_NAME=\"Amazon Linux 2023\"\n",
		"amzn-2":       `NAME="Amazon Linux"` + "\nVERSION=\"2\"\nID=\"amzn\"\nVERSION_ID=\"2\"\nPRETTY_NAME=\"Amazon Linux 2\"\n",
		"amzn-2013":    `NAME="Amazon Linux AMI"` + "\nVERSION=\"2013.09\"\nID=\"amzn\"\nVERSION_ID=\"2013.09\"\nPRETTY_NAME=\"Amazon Linux AMI 2013.09\"\n",
		"ubuntu-24.04": `NAME="Ubuntu"` + "\nVERSION=\"24.04.1 LTS (Noble Numbat)\"\nID=ubuntu\nVERSION_ID=\"24.04\"\nPRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\n",
		"windows-2022": `NAME="Windows Server"` + "\nVERSION=\"2022\"\nID=windows\nVERSION_ID=\"2022\"\nPRETTY_NAME=\"Microsoft Windows Server 2022\"\n",
	}[osID]
	files := map[string][]byte{
		"/etc/os-release":      []byte(pretty),
		"/etc/ami-name":        []byte(name + "\n"),
		"/etc/arch":            []byte(arch + "\n"),
		"/home/ec2-user":       nil,
		"/tmp":                 nil,
		"/var/www/html":        nil,
		"/etc/ssh/sshd_config": []byte("PasswordAuthentication no\nPermitRootLogin prohibit-password\n"),
	}
	for p, d := range guestRootFiles(osID, arch, name) {
		if _, ok := files[p]; !ok {
			files[p] = d
		}
	}
	t, err := vfs.FromFiles(files)
	if err != nil {
		panic(err)
	}
	if w.baseTrees == nil {
		w.baseTrees = map[string]vfs.Tree{}
	}
	w.baseTrees[key] = t
	return t
}

// visibleImage returns an image the caller may see in the region.
func (w *World) visibleImage(c Caller, id string) *imageRec {
	im := w.s.Images[id]
	if im == nil || im.Region != c.Region || im.State == "deregistered" || !im.canLaunch(c.Account) {
		return nil
	}
	return im
}

// launchableImage checks an image id for RunInstances.
func (w *World) launchableImage(c Caller, id string) (*imageRec, error) {
	if !WellFormed(KindImage, id) {
		return nil, malformed(KindImage, id)
	}
	im := w.s.Images[id]
	if im == nil || im.Region != c.Region || im.State == "deregistered" {
		return nil, notFound(KindImage, []string{id})
	}
	if !im.canLaunch(c.Account) {
		return nil, errf(CodeAuthFailure, "Not authorized for images: [%s]", id)
	}
	if im.State != "available" {
		return nil, errf("InvalidAMIID.Unavailable", "Image %s is not available: its state is %s. Wait until it is available.", id, im.State)
	}
	return im, nil
}

var amiName = regexp.MustCompile(`^[a-zA-Z0-9()\[\] ./\-'@_]{3,128}$`)

func (w *World) checkImageName(c Caller, name string) error {
	if name == "" {
		return missing("Name")
	}
	if !amiName.MatchString(name) {
		return errf(CodeInvalidAMINameMalformed, "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/', '_', '[', ']', ' ', '@' and '''")
	}
	if id := w.index.imageNamed(c.Account, c.Region, name); id != "" {
		return errf(CodeInvalidAMINameDuplicate, "AMI name %s is already in use by AMI %s", name, id)
	}
	return nil
}

// CreateImageInput is the request of CreateImage.
type CreateImageInput struct {
	InstanceId          string               `json:"InstanceId"`
	Name                string               `json:"Name"`
	Description         string               `json:"Description"`
	NoReboot            bool                 `json:"NoReboot"`
	BlockDeviceMappings []BlockDeviceMapping `json:"BlockDeviceMappings"`
	TagSpecifications   []TagSpecification   `json:"TagSpecifications"`
	DryRun              bool                 `json:"DryRun"`
}

// CreateImageOutput is the response of CreateImage.
type CreateImageOutput struct {
	ImageId string `json:"ImageId"`
}

// CreateImage makes an AMI from an EBS-backed instance, running or stopped:
// one snapshot per EBS volume. A running instance is rebooted first unless NoReboot.
func (w *World) CreateImage(c Caller, in *CreateImageInput) (*CreateImageOutput, error) {
	if in.InstanceId == "" {
		return nil, missing("InstanceId")
	}
	recs, err := w.ownInstances(c, []string{in.InstanceId})
	if err != nil {
		return nil, err
	}
	r := recs[0]
	if err := w.checkImageName(c, in.Name); err != nil {
		return nil, err
	}
	if r.RootDeviceType != "ebs" {
		return nil, errf(CodeUnsupportedOperation, "The instance '%s' does not have an 'ebs' root device type; only EBS-backed instances can be imaged with CreateImage.", r.InstanceId)
	}
	if s := r.State.Name; s != StateRunning && s != StateStopped {
		return nil, errf(CodeIncorrectInstanceState, "The instance '%s' is not in a state from which an image can be created (it is %s; it must be running or stopped).", r.InstanceId, s)
	}
	tags, err := tagsFor(in.TagSpecifications, "image", "snapshot")
	if err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, errDryRun
	}
	if r.State.Name == StateRunning && !in.NoReboot {
		w.reboot(r, "CreateImage")
	}
	src := w.s.Images[r.ImageId]
	im := &imageRec{Owner: c.Account, Region: c.Region, Seq: w.seq(), Perms: map[string]bool{}, OS: r.ImageOS}
	im.Image = Image{
		Architecture: r.Architecture, CreationDate: w.s.Now.UTC().Format("2006-01-02T15:04:05.000Z"), ImageId: w.newID(KindImage),
		ImageLocation: c.Account + "/" + in.Name, ImageType: "machine", OwnerId: c.Account, Platform: r.Platform,
		PlatformDetails: r.PlatformDetails, UsageOperation: r.UsageOperation, ProductCodes: append([]ProductCode(nil), r.ProductCodes...),
		State: "pending", Description: in.Description, EnaSupport: r.VirtualizationType == "hvm", Hypervisor: "xen", Name: in.Name,
		RootDeviceName: r.RootDeviceName, RootDeviceType: "ebs", SriovNetSupport: "simple", VirtualizationType: r.VirtualizationType,
		Tags: copyTags(tags["image"]), SourceInstanceId: r.InstanceId,
	}
	if src != nil {
		im.Surcharge = src.Surcharge
	}
	for _, b := range r.BlockDeviceMappings {
		vol := w.s.Volumes[b.Ebs.VolumeId]
		snap := w.newSnapshot(c.Account, c.Region, vol.VolumeId, vol.Size, vol.Tree, "Created by CreateImage("+r.InstanceId+") for "+im.ImageId)
		snap.Tags = copyTags(tags["snapshot"])
		w.index.add(snap.SnapshotId, snap.Tags)
		im.BlockDeviceMappings = append(im.BlockDeviceMappings, BlockDeviceMapping{DeviceName: b.DeviceName, Ebs: &EbsBlockDevice{
			DeleteOnTermination: ptr(b.Ebs.DeleteOnTermination), SnapshotId: snap.SnapshotId, VolumeSize: vol.Size,
			VolumeType: vol.VolumeType, Encrypted: ptr(false), Iops: vol.Iops}})
	}
	for _, d := range r.Store {
		im.BlockDeviceMappings = append(im.BlockDeviceMappings, BlockDeviceMapping{DeviceName: d.Device, VirtualName: d.VirtualName})
	}
	w.addImage(im)
	w.schedule(ImageCreateTime, taskImage, im.ImageId, 0)
	w.log(c.Account, c.Region, "CreateImage", im.ImageId, "creating image %s (%s) from %s", im.ImageId, im.Name, r.InstanceId)
	return &CreateImageOutput{ImageId: im.ImageId}, nil
}

// RegisterImageInput is the request of RegisterImage (EBS-backed, from snapshots).
type RegisterImageInput struct {
	Name                string               `json:"Name"`
	Description         string               `json:"Description"`
	Architecture        string               `json:"Architecture"`
	RootDeviceName      string               `json:"RootDeviceName"`
	VirtualizationType  string               `json:"VirtualizationType"`
	BlockDeviceMappings []BlockDeviceMapping `json:"BlockDeviceMappings"`
	EnaSupport          *bool                `json:"EnaSupport"`
	ImageLocation       string               `json:"ImageLocation"`
	TagSpecifications   []TagSpecification   `json:"TagSpecifications"`
	DryRun              bool                 `json:"DryRun"`
}

// RegisterImageOutput is the response of RegisterImage.
type RegisterImageOutput struct {
	ImageId string `json:"ImageId"`
}

// RegisterImage makes an EBS-backed AMI from the caller's snapshots. As in
// EC2, the architecture defaults to i386 and the virtualization to paravirtual.
func (w *World) RegisterImage(c Caller, in *RegisterImageInput) (*RegisterImageOutput, error) {
	if err := w.check(c); err != nil {
		return nil, err
	}
	if in.ImageLocation != "" {
		return nil, errf(CodeUnsupportedOperation, "Registering instance-store-backed images from an S3 manifest is not available in this sandbox; register from a snapshot.")
	}
	if err := w.checkImageName(c, in.Name); err != nil {
		return nil, err
	}
	arch, virt := in.Architecture, in.VirtualizationType
	if arch == "" {
		arch = "i386"
	}
	if virt == "" {
		virt = "paravirtual"
	}
	if !contains([]string{"i386", "x86_64", "arm64"}, arch) {
		return nil, invalidValue(arch, "Architecture")
	}
	if virt != "hvm" && virt != "paravirtual" {
		return nil, invalidValue(virt, "VirtualizationType")
	}
	if in.RootDeviceName == "" {
		return nil, missing("RootDeviceName")
	}
	var root *BlockDeviceMapping
	mappings := copyMappings(in.BlockDeviceMappings)
	for i := range mappings {
		m := &mappings[i]
		if m.Ebs == nil {
			continue
		}
		if m.Ebs.SnapshotId == "" && m.DeviceName == in.RootDeviceName {
			return nil, errf(CodeInvalidBlockDeviceMap, "The root device %s must map to a snapshot.", m.DeviceName)
		}
		if m.Ebs.SnapshotId != "" {
			sn, err := w.ownSnapshot(c, m.Ebs.SnapshotId)
			if err != nil {
				return nil, err
			}
			if m.Ebs.VolumeSize == 0 {
				m.Ebs.VolumeSize = sn.VolumeSize
			}
		}
		if m.Ebs.VolumeType == "" {
			m.Ebs.VolumeType = "gp3"
		}
		if m.Ebs.DeleteOnTermination == nil {
			m.Ebs.DeleteOnTermination = ptr(true)
		}
		if m.DeviceName == in.RootDeviceName {
			root = m
		}
	}
	if root == nil {
		return nil, errf(CodeInvalidBlockDeviceMap, "The block device mapping must include the root device %s, mapped to a snapshot.", in.RootDeviceName)
	}
	tags, err := tagsFor(in.TagSpecifications, "image")
	if err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, errDryRun
	}
	osID := ""
	if sn := w.s.Snapshots[root.Ebs.SnapshotId]; sn != nil {
		osID = osOf(sn.Tree)
	}
	im := &imageRec{Owner: c.Account, Region: c.Region, Seq: w.seq(), Perms: map[string]bool{}, OS: osID}
	im.Image = Image{
		Architecture: arch, CreationDate: w.s.Now.UTC().Format("2006-01-02T15:04:05.000Z"), ImageId: w.newID(KindImage),
		ImageLocation: c.Account + "/" + in.Name, ImageType: "machine", OwnerId: c.Account, PlatformDetails: "Linux/UNIX",
		UsageOperation: "RunInstances", State: "available", BlockDeviceMappings: mappings, Description: in.Description,
		EnaSupport: in.EnaSupport != nil && *in.EnaSupport, Hypervisor: "xen", Name: in.Name, RootDeviceName: in.RootDeviceName,
		RootDeviceType: "ebs", VirtualizationType: virt, Tags: copyTags(tags["image"]),
	}
	w.addImage(im)
	w.log(c.Account, c.Region, "RegisterImage", im.ImageId, "registered image %s (%s)", im.ImageId, im.Name)
	return &RegisterImageOutput{ImageId: im.ImageId}, nil
}

// osOf reads the os-release ID of a root tree, for images registered from snapshots.
func osOf(t vfs.Tree) string {
	b, err := t.ReadFile("/etc/os-release")
	if err != nil {
		return ""
	}
	var id, version string
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(line, "=")
		v = strings.Trim(v, `"`)
		switch k {
		case "ID":
			id = v
		case "VERSION_ID":
			version = v
		}
	}
	return id + "-" + version
}

// CopyImageInput is the request of CopyImage; the caller's region is the destination.
type CopyImageInput struct {
	SourceImageId string `json:"SourceImageId"`
	SourceRegion  string `json:"SourceRegion"`
	Name          string `json:"Name"`
	Description   string `json:"Description"`
	CopyImageTags bool   `json:"CopyImageTags"`
	Encrypted     bool   `json:"Encrypted"`
	DryRun        bool   `json:"DryRun"`
}

// CopyImageOutput is the response of CopyImage.
type CopyImageOutput struct {
	ImageId string `json:"ImageId"`
}

// CopyImage copies an image into the caller's region under a new id. The copy
// records its source; launch permissions are not copied, tags only if asked.
func (w *World) CopyImage(c Caller, in *CopyImageInput) (*CopyImageOutput, error) {
	if err := w.check(c); err != nil {
		return nil, err
	}
	if in.SourceImageId == "" {
		return nil, missing("SourceImageId")
	}
	if in.SourceRegion == "" {
		return nil, missing("SourceRegion")
	}
	if !knownRegion(in.SourceRegion) {
		return nil, invalidValue(in.SourceRegion, "SourceRegion")
	}
	src := Caller{Account: c.Account, Region: in.SourceRegion}
	if !WellFormed(KindImage, in.SourceImageId) {
		return nil, malformed(KindImage, in.SourceImageId)
	}
	from := w.visibleImage(src, in.SourceImageId)
	if from == nil {
		return nil, notFound(KindImage, []string{in.SourceImageId})
	}
	if from.State != "available" {
		return nil, errf(CodeIncorrectState, "Image %s is not available: its state is %s.", from.ImageId, from.State)
	}
	if from.ProductCode() != "" {
		return nil, errf(CodeInvalidParameterValue, "Images with AWS Marketplace product codes cannot be copied.")
	}
	if from.RootDeviceType != "ebs" {
		return nil, errf(CodeUnsupportedOperation, "Only EBS-backed images can be copied in this sandbox.")
	}
	if err := w.checkImageName(c, in.Name); err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, errDryRun
	}
	im := &imageRec{Owner: c.Account, Region: c.Region, Seq: w.seq(), Perms: map[string]bool{}, OS: from.OS, Surcharge: from.Surcharge}
	im.Image = from.view()
	im.ImageId, im.OwnerId, im.Public, im.ImageOwnerAlias, im.Name = w.newID(KindImage), c.Account, false, "", in.Name
	im.ImageLocation = c.Account + "/" + in.Name
	im.CreationDate = w.s.Now.UTC().Format("2006-01-02T15:04:05.000Z")
	im.State, im.Description = "pending", in.Description
	im.SourceImageId, im.SourceImageRegion, im.SourceInstanceId = from.ImageId, from.Region, ""
	if !in.CopyImageTags {
		im.Tags = nil
	}
	for i, m := range im.BlockDeviceMappings {
		if m.Ebs == nil || m.Ebs.SnapshotId == "" {
			continue
		}
		orig := w.s.Snapshots[m.Ebs.SnapshotId]
		snap := w.newSnapshot(c.Account, c.Region, "vol-ffffffff", orig.VolumeSize, orig.Tree, "Copied for DestinationAmi "+im.ImageId+" from SourceAmi "+from.ImageId)
		im.BlockDeviceMappings[i].Ebs.SnapshotId = snap.SnapshotId
	}
	w.addImage(im)
	w.schedule(ImageCopyTime, taskImage, im.ImageId, 0)
	w.log(c.Account, c.Region, "CopyImage", im.ImageId, "copying %s from %s into %s as %s", from.ImageId, from.Region, c.Region, im.ImageId)
	return &CopyImageOutput{ImageId: im.ImageId}, nil
}

// DeregisterImageInput is the request of DeregisterImage.
type DeregisterImageInput struct {
	ImageId string `json:"ImageId"`
	DryRun  bool   `json:"DryRun"`
}

// DeregisterImageOutput is the (empty) response of DeregisterImage.
type DeregisterImageOutput struct{}

// DeregisterImage withdraws an image: no new launches, running instances are
// untouched, its snapshots are kept.
func (w *World) DeregisterImage(c Caller, in *DeregisterImageInput) (*DeregisterImageOutput, error) {
	im, err := w.ownImage(c, in.ImageId, "deregister")
	if err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, errDryRun
	}
	im.State = "deregistered"
	w.index.remove(im.ImageId, im.Tags)
	w.index.unnameImage(im.Owner, im.Region, im.Name)
	w.log(c.Account, c.Region, "DeregisterImage", im.ImageId, "deregistered %s (%s); its snapshots remain", im.ImageId, im.Name)
	return &DeregisterImageOutput{}, nil
}

// ownImage resolves an image the caller owns (for what only the owner may do).
func (w *World) ownImage(c Caller, id, verb string) (*imageRec, error) {
	if err := w.check(c); err != nil {
		return nil, err
	}
	if id == "" {
		return nil, missing("ImageId")
	}
	if !WellFormed(KindImage, id) {
		return nil, malformed(KindImage, id)
	}
	im := w.visibleImage(c, id)
	if im == nil {
		return nil, notFound(KindImage, []string{id})
	}
	if im.Owner != c.Account {
		return nil, errf(CodeAuthFailure, "You are not authorized to %s image %s: it belongs to account %s.", verb, id, im.Owner)
	}
	return im, nil
}

var imageFields = fields[*imageRec]{
	{"image-id", func(r *imageRec) []string { return one(r.ImageId) }},
	{"name", func(r *imageRec) []string { return one(r.Name) }},
	{"description", func(r *imageRec) []string { return one(r.Description) }},
	{"owner-id", func(r *imageRec) []string { return one(r.OwnerId) }},
	{"owner-alias", func(r *imageRec) []string { return one(r.ImageOwnerAlias) }},
	{"state", func(r *imageRec) []string { return one(r.State) }},
	{"architecture", func(r *imageRec) []string { return one(r.Architecture) }},
	{"root-device-type", func(r *imageRec) []string { return one(r.RootDeviceType) }},
	{"root-device-name", func(r *imageRec) []string { return one(r.RootDeviceName) }},
	{"virtualization-type", func(r *imageRec) []string { return one(r.VirtualizationType) }},
	{"is-public", func(r *imageRec) []string { return boolStr(r.Public) }},
	{"platform", func(r *imageRec) []string { return one(r.Platform) }},
	{"platform-details", func(r *imageRec) []string { return one(r.PlatformDetails) }},
	{"image-type", func(r *imageRec) []string { return one(r.ImageType) }},
	{"hypervisor", func(r *imageRec) []string { return one(r.Hypervisor) }},
	{"product-code", func(r *imageRec) []string { return productCodeIDs(r.ProductCodes) }},
	{"source-image-id", func(r *imageRec) []string { return one(r.SourceImageId) }},
	{"block-device-mapping.snapshot-id", func(r *imageRec) []string {
		var out []string
		for _, m := range r.BlockDeviceMappings {
			if m.Ebs != nil {
				out = append(out, m.Ebs.SnapshotId)
			}
		}
		return out
	}},
}

// DescribeImagesInput is the request of DescribeImages.
type DescribeImagesInput struct {
	ImageIds        []string `json:"ImageIds"`
	Owners          []string `json:"Owners"`
	ExecutableUsers []string `json:"ExecutableUsers"`
	Filters         []Filter `json:"Filters"`
	DryRun          bool     `json:"DryRun"`
}

// DescribeImagesOutput is the response of DescribeImages.
type DescribeImagesOutput struct {
	Images []Image `json:"Images"`
}

// DescribeImages lists the images the caller may see in the region: its own,
// the public ones and those shared with it.
func (w *World) DescribeImages(c Caller, in *DescribeImagesInput) (*DescribeImagesOutput, error) {
	if err := startDescribe(w, c, imageFields, in.Filters); err != nil {
		return nil, err
	}
	for _, id := range in.ImageIds {
		if !WellFormed(KindImage, id) {
			return nil, malformed(KindImage, id)
		}
	}
	var list []*imageRec
	if len(in.ImageIds) > 0 {
		var absent []string
		for _, id := range in.ImageIds {
			if im := w.visibleImage(c, id); im != nil {
				list = append(list, im)
			} else {
				absent = append(absent, id)
			}
		}
		if len(absent) > 0 {
			return nil, notFound(KindImage, absent)
		}
	} else {
		for _, im := range w.s.Images {
			if w.visibleImage(c, im.ImageId) != nil {
				list = append(list, im)
			}
		}
	}
	if in.DryRun {
		return nil, errDryRun
	}
	out := &DescribeImagesOutput{Images: []Image{}}
	for _, im := range sortedBySeq(list, func(r *imageRec) uint64 { return r.Seq }) {
		if w.ownerMatches(c, im, in.Owners) && w.executableBy(c, im, in.ExecutableUsers) && matches(imageFields, in.Filters, im) {
			out.Images = append(out.Images, im.view())
		}
	}
	return out, nil
}

func (w *World) ownerMatches(c Caller, im *imageRec, owners []string) bool {
	if len(owners) == 0 {
		return true
	}
	for _, o := range owners {
		if o == im.Owner || (o == "self" && im.Owner == c.Account) || (o != "" && o == im.ImageOwnerAlias) {
			return true
		}
	}
	return false
}

func (w *World) executableBy(c Caller, im *imageRec, users []string) bool {
	if len(users) == 0 {
		return true
	}
	for _, u := range users {
		switch u {
		case "all":
			if im.Public {
				return true
			}
		case "self":
			if im.Perms[c.Account] {
				return true
			}
		default:
			if im.Perms[u] {
				return true
			}
		}
	}
	return false
}

// ImageCategory tells where the console's image picker lists an image for the
// caller: "My AMIs", "Quick Start", "Marketplace" or "Community" (or "Shared with me").
func (w *World) ImageCategory(c Caller, imageID string) string {
	im := w.s.Images[imageID]
	switch {
	case im == nil:
		return ""
	case im.Owner == c.Account:
		return "My AMIs"
	case im.QuickStart:
		return "Quick Start"
	case im.ProductCode() != "":
		return "Marketplace"
	case im.Public:
		return "Community"
	}
	return "Shared with me"
}

// ImageSurcharge is the Marketplace software charge per hour of an image.
func (w *World) ImageSurcharge(imageID string) float64 {
	if im := w.s.Images[imageID]; im != nil {
		return im.Surcharge
	}
	return 0
}

// ModifyImageAttributeInput is the request of ModifyImageAttribute.
type ModifyImageAttributeInput struct {
	ImageId          string                         `json:"ImageId"`
	Attribute        string                         `json:"Attribute"`
	OperationType    string                         `json:"OperationType"`
	UserIds          []string                       `json:"UserIds"`
	UserGroups       []string                       `json:"UserGroups"`
	LaunchPermission *LaunchPermissionModifications `json:"LaunchPermission"`
	Description      *AttributeValue                `json:"Description"`
	Value            string                         `json:"Value"`
	DryRun           bool                           `json:"DryRun"`
}

// LaunchPermissionModifications adds and removes launch permissions.
type LaunchPermissionModifications struct {
	Add    []LaunchPermission `json:"Add"`
	Remove []LaunchPermission `json:"Remove"`
}

// ModifyImageAttributeOutput is the (empty) response of ModifyImageAttribute.
type ModifyImageAttributeOutput struct{}

var accountID = regexp.MustCompile(`^[0-9]{12}$`)

// ModifyImageAttribute changes an image's launch permissions or description.
func (w *World) ModifyImageAttribute(c Caller, in *ModifyImageAttributeInput) (*ModifyImageAttributeOutput, error) {
	im, err := w.ownImage(c, in.ImageId, "modify")
	if err != nil {
		return nil, err
	}
	mods := in.LaunchPermission
	if mods == nil && (in.Attribute == "launchPermission" || len(in.UserIds)+len(in.UserGroups) > 0) {
		var list []LaunchPermission
		for _, u := range in.UserIds {
			list = append(list, LaunchPermission{UserId: u})
		}
		for _, g := range in.UserGroups {
			list = append(list, LaunchPermission{Group: g})
		}
		switch in.OperationType {
		case "add":
			mods = &LaunchPermissionModifications{Add: list}
		case "remove":
			mods = &LaunchPermissionModifications{Remove: list}
		case "":
			return nil, missing("OperationType")
		default:
			return nil, invalidValue(in.OperationType, "OperationType")
		}
	}
	desc := in.Description
	if desc == nil && in.Attribute == "description" {
		desc = &AttributeValue{Value: in.Value}
	}
	if mods == nil && desc == nil {
		if in.Attribute != "" {
			return nil, invalidValue(in.Attribute, "Attribute")
		}
		return nil, missing("Attribute")
	}
	if mods != nil {
		for _, p := range append(append([]LaunchPermission{}, mods.Add...), mods.Remove...) {
			if p.Group != "" && p.Group != "all" {
				return nil, invalidValue(p.Group, "UserGroup")
			}
			if p.UserId != "" && !accountID.MatchString(p.UserId) {
				return nil, errf(CodeInvalidUserID, "User ID '%s' is not valid: an account id has 12 digits.", p.UserId)
			}
			if p.Group == "" && p.UserId == "" {
				return nil, missing("LaunchPermission.UserId or Group")
			}
		}
		if im.ProductCode() != "" {
			return nil, errf(CodeOperationNotPermitted, "Images with product codes cannot be shared.")
		}
	}
	if in.DryRun {
		return nil, errDryRun
	}
	if mods != nil {
		for _, p := range mods.Add {
			if p.Group == "all" {
				im.Public = true
			} else {
				im.Perms[p.UserId] = true
			}
		}
		for _, p := range mods.Remove {
			if p.Group == "all" {
				im.Public = false
			} else {
				delete(im.Perms, p.UserId)
			}
		}
		w.log(c.Account, c.Region, "ModifyImageAttribute", im.ImageId, "launch permissions of %s: public=%v, accounts=%v", im.ImageId, im.Public, sortedKeys(im.Perms))
	}
	if desc != nil {
		im.Description = desc.Value
		w.log(c.Account, c.Region, "ModifyImageAttribute", im.ImageId, "description of %s changed", im.ImageId)
	}
	return &ModifyImageAttributeOutput{}, nil
}

// DescribeImageAttributeInput is the request of DescribeImageAttribute.
type DescribeImageAttributeInput struct {
	ImageId   string `json:"ImageId"`
	Attribute string `json:"Attribute"`
	DryRun    bool   `json:"DryRun"`
}

// DescribeImageAttributeOutput is the response of DescribeImageAttribute.
type DescribeImageAttributeOutput struct {
	ImageId             string               `json:"ImageId"`
	LaunchPermissions   *[]LaunchPermission  `json:"LaunchPermissions,omitempty"`
	Description         *AttributeValue      `json:"Description,omitempty"`
	BlockDeviceMappings []BlockDeviceMapping `json:"BlockDeviceMappings,omitempty"`
	ProductCodes        *[]ProductCode       `json:"ProductCodes,omitempty"`
}

// DescribeImageAttribute reports one attribute of an image the caller owns.
func (w *World) DescribeImageAttribute(c Caller, in *DescribeImageAttributeInput) (*DescribeImageAttributeOutput, error) {
	im, err := w.ownImage(c, in.ImageId, "describe the attributes of")
	if err != nil {
		return nil, err
	}
	out := &DescribeImageAttributeOutput{ImageId: im.ImageId}
	switch in.Attribute {
	case "launchPermission":
		perms := []LaunchPermission{}
		if im.Public {
			perms = append(perms, LaunchPermission{Group: "all"})
		}
		for _, id := range sortedKeys(im.Perms) {
			perms = append(perms, LaunchPermission{UserId: id})
		}
		out.LaunchPermissions = &perms
	case "description":
		out.Description = &AttributeValue{Value: im.Description}
	case "blockDeviceMapping":
		out.BlockDeviceMappings = copyMappings(im.BlockDeviceMappings)
	case "productCodes":
		pcs := append([]ProductCode{}, im.ProductCodes...)
		out.ProductCodes = &pcs
	case "":
		return nil, missing("Attribute")
	default:
		return nil, invalidValue(in.Attribute, "Attribute")
	}
	if in.DryRun {
		return nil, errDryRun
	}
	return out, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// SubscribeInput is the request of the sandbox's Marketplace subscription.
type SubscribeInput struct {
	ProductCode string `json:"ProductCode"`
}

// Subscribe accepts a Marketplace product's terms for the calling account, so
// its images can be launched. (In AWS this happens on the Marketplace website.)
func (w *World) Subscribe(c Caller, in *SubscribeInput) error {
	if err := w.check(c); err != nil {
		return err
	}
	found := false
	for _, im := range w.s.Images {
		if im.ProductCode() == in.ProductCode && in.ProductCode != "" {
			found = true
			break
		}
	}
	if !found {
		return errf(CodeInvalidParameterValue, "No Marketplace product has the code '%s'.", in.ProductCode)
	}
	if !w.subscribed(c.Account, in.ProductCode) {
		w.s.Subscriptions[c.Account] = append(w.s.Subscriptions[c.Account], in.ProductCode)
		w.log(c.Account, c.Region, "Subscribe", in.ProductCode, "subscribed to Marketplace product %s", in.ProductCode)
	}
	return nil
}

func (w *World) subscribed(account, code string) bool {
	return contains(w.s.Subscriptions[account], code)
}

// ResetImageAttributeInput is the request of ResetImageAttribute.
type ResetImageAttributeInput struct {
	ImageId   string `json:"ImageId"`
	Attribute string `json:"Attribute"`
	DryRun    bool   `json:"DryRun"`
}

// ResetImageAttributeOutput is the (empty) response of ResetImageAttribute.
type ResetImageAttributeOutput struct{}

// ResetImageAttribute puts an attribute back to its default: for
// launchPermission, the image becomes private to its owner again.
func (w *World) ResetImageAttribute(c Caller, in *ResetImageAttributeInput) (*ResetImageAttributeOutput, error) {
	im, err := w.ownImage(c, in.ImageId, "reset")
	if err != nil {
		return nil, err
	}
	switch in.Attribute {
	case "launchPermission":
	case "":
		return nil, missing("Attribute")
	default:
		return nil, invalidValue(in.Attribute, "Attribute")
	}
	if in.DryRun {
		return nil, errDryRun
	}
	im.Public, im.Perms = false, map[string]bool{}
	w.log(c.Account, c.Region, "ResetImageAttribute", im.ImageId, "launch permissions of %s reset: private again", im.ImageId)
	return &ResetImageAttributeOutput{}, nil
}
