package engine

import "sort"

// Account is one simulated AWS account.
type Account struct {
	ID        string `json:"Id"`
	Profile   string `json:"Profile"`         // CLI profile that selects it: learner is "default"
	Name      string `json:"Name"`            // who it is, for people
	Alias     string `json:"Alias,omitempty"` // owner alias shown on its images (amazon, aws-marketplace)
	VcpuQuota int    `json:"VcpuQuota"`       // running On-Demand standard vCPUs allowed
}

// The simulated accounts.
const (
	LearnerAccount   = "123456789012"
	ColleagueAccount = "210987654321"
	VendorAccount    = "679593333241"
	AmazonAccount    = "137112412989"
	CommunityAccount = "444455556666"
)

func defaultAccounts() []*Account {
	return []*Account{
		{ID: LearnerAccount, Profile: "default", Name: "learner", VcpuQuota: 32},
		{ID: ColleagueAccount, Profile: "colleague", Name: "colleague", VcpuQuota: 32},
		{ID: VendorAccount, Profile: "vendor", Name: "marketplace vendor", Alias: "aws-marketplace", VcpuQuota: 32},
		{ID: AmazonAccount, Profile: "amazon", Name: "cloud provider", Alias: "amazon", VcpuQuota: 32},
		{ID: CommunityAccount, Profile: "community", Name: "community publisher", VcpuQuota: 32},
	}
}

// Region names the simulated regions.
var regionNames = []string{"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"}

// Regions returns the names of the simulated regions.
func Regions() []string { return append([]string(nil), regionNames...) }

func knownRegion(r string) bool {
	for _, n := range regionNames {
		if n == r {
			return true
		}
	}
	return false
}

// zones returns a region's availability zones.
func zones(region string) []string {
	return []string{region + "a", region + "b", region + "c"}
}

// InstanceTypeSpec is one entry of the instance type catalogue.
type InstanceTypeSpec struct {
	Name         string
	VCPU         int
	MemoryMiB    int
	PricePerHour float64 // Linux on-demand, USD
	Archs        []string
	Virt         []string // supported virtualization types
	RootDevices  []string // supported root device types
	StoreDisks   int      // number of instance-store disks
	StoreDiskGB  int      // size of each instance-store disk
	StoreType    string   // ssd or hdd
	CurrentGen   bool
	Burstable    bool
	FreeTier     bool
}

// StoreGB is the total instance-store size in GB.
func (t InstanceTypeSpec) StoreGB() int { return t.StoreDisks * t.StoreDiskGB }

var (
	x86      = []string{"x86_64"}
	x86i386  = []string{"i386", "x86_64"}
	arm      = []string{"arm64"}
	hvm      = []string{"hvm"}
	pv       = []string{"paravirtual"}
	pvHvm    = []string{"hvm", "paravirtual"}
	ebsOnly  = []string{"ebs"}
	ebsStore = []string{"ebs", "instance-store"}
)

var instanceTypes = func() map[string]InstanceTypeSpec {
	list := []InstanceTypeSpec{
		{Name: "t2.micro", VCPU: 1, MemoryMiB: 1024, PricePerHour: 0.0116, Archs: x86i386, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true, Burstable: true, FreeTier: true},
		{Name: "t2.small", VCPU: 1, MemoryMiB: 2048, PricePerHour: 0.023, Archs: x86i386, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true, Burstable: true},
		{Name: "t2.medium", VCPU: 2, MemoryMiB: 4096, PricePerHour: 0.0464, Archs: x86i386, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true, Burstable: true},
		{Name: "t2.large", VCPU: 2, MemoryMiB: 8192, PricePerHour: 0.0928, Archs: x86, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true, Burstable: true},
		{Name: "t3.micro", VCPU: 2, MemoryMiB: 1024, PricePerHour: 0.0104, Archs: x86, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true, Burstable: true, FreeTier: true},
		{Name: "t3.small", VCPU: 2, MemoryMiB: 2048, PricePerHour: 0.0208, Archs: x86, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true, Burstable: true},
		{Name: "t3.medium", VCPU: 2, MemoryMiB: 4096, PricePerHour: 0.0416, Archs: x86, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true, Burstable: true},
		{Name: "t3.large", VCPU: 2, MemoryMiB: 8192, PricePerHour: 0.0832, Archs: x86, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true, Burstable: true},
		{Name: "t4g.micro", VCPU: 2, MemoryMiB: 1024, PricePerHour: 0.0084, Archs: arm, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true, Burstable: true},
		{Name: "t4g.small", VCPU: 2, MemoryMiB: 2048, PricePerHour: 0.0168, Archs: arm, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true, Burstable: true},
		{Name: "t4g.medium", VCPU: 2, MemoryMiB: 4096, PricePerHour: 0.0336, Archs: arm, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true, Burstable: true},
		{Name: "m5.large", VCPU: 2, MemoryMiB: 8192, PricePerHour: 0.096, Archs: x86, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true},
		{Name: "m5.xlarge", VCPU: 4, MemoryMiB: 16384, PricePerHour: 0.192, Archs: x86, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true},
		{Name: "m5.2xlarge", VCPU: 8, MemoryMiB: 32768, PricePerHour: 0.384, Archs: x86, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true},
		{Name: "c5.large", VCPU: 2, MemoryMiB: 4096, PricePerHour: 0.085, Archs: x86, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true},
		{Name: "c5.xlarge", VCPU: 4, MemoryMiB: 8192, PricePerHour: 0.17, Archs: x86, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true},
		{Name: "r5.large", VCPU: 2, MemoryMiB: 16384, PricePerHour: 0.126, Archs: x86, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true},
		{Name: "r5.xlarge", VCPU: 4, MemoryMiB: 32768, PricePerHour: 0.252, Archs: x86, Virt: hvm, RootDevices: ebsOnly, CurrentGen: true},
		{Name: "m5d.large", VCPU: 2, MemoryMiB: 8192, PricePerHour: 0.113, Archs: x86, Virt: hvm, RootDevices: ebsOnly, StoreDisks: 1, StoreDiskGB: 75, StoreType: "ssd", CurrentGen: true},
		{Name: "c5d.large", VCPU: 2, MemoryMiB: 4096, PricePerHour: 0.096, Archs: x86, Virt: hvm, RootDevices: ebsOnly, StoreDisks: 1, StoreDiskGB: 50, StoreType: "ssd", CurrentGen: true},
		{Name: "i3.large", VCPU: 2, MemoryMiB: 15616, PricePerHour: 0.156, Archs: x86, Virt: hvm, RootDevices: ebsOnly, StoreDisks: 1, StoreDiskGB: 475, StoreType: "ssd", CurrentGen: true},
		{Name: "m1.small", VCPU: 1, MemoryMiB: 1740, PricePerHour: 0.044, Archs: x86i386, Virt: pv, RootDevices: ebsStore, StoreDisks: 1, StoreDiskGB: 160, StoreType: "hdd"},
		{Name: "m3.medium", VCPU: 1, MemoryMiB: 3840, PricePerHour: 0.067, Archs: x86, Virt: pvHvm, RootDevices: ebsStore, StoreDisks: 1, StoreDiskGB: 4, StoreType: "ssd"},
		{Name: "c3.large", VCPU: 2, MemoryMiB: 3840, PricePerHour: 0.105, Archs: x86, Virt: pvHvm, RootDevices: ebsStore, StoreDisks: 2, StoreDiskGB: 16, StoreType: "ssd"},
	}
	m := make(map[string]InstanceTypeSpec, len(list))
	for _, t := range list {
		m[t.Name] = t
	}
	return m
}()

// defaultInstanceType is what RunInstances launches when no type is given, as in EC2.
const defaultInstanceType = "m1.small"

// InstanceTypes returns the catalogue of instance types, sorted by name.
func InstanceTypes() []InstanceTypeSpec {
	out := make([]InstanceTypeSpec, 0, len(instanceTypes))
	for _, t := range instanceTypes {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LookupInstanceType returns the catalogue entry for a type name.
func LookupInstanceType(name string) (InstanceTypeSpec, bool) {
	t, ok := instanceTypes[name]
	return t, ok
}

// Storage prices, USD per GB-month.
var volumePrice = map[string]float64{"gp3": 0.08, "gp2": 0.10, "io1": 0.125, "io2": 0.125, "st1": 0.045, "sc1": 0.015, "standard": 0.05}

const snapshotPricePerGBMonth = 0.05

// hoursPerMonth is how EBS turns GB-months into a rate per second.
const hoursPerMonth = 730

// publicImage describes one image of the starting catalogue.
type publicImage struct {
	Name, Description, Owner, Arch, Virt, RootType, Platform string
	RootGB                                                   int
	OS                                                       string // os-release ID, for the guest runtime
	QuickStart                                               bool
	ProductCode                                              string
	SurchargePerHour                                         float64
	Public                                                   bool
}

var publicImages = []publicImage{
	{Name: "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64", Description: "Amazon Linux 2023 AMI 2023.6.20241212.0 x86_64 HVM kernel-6.1", Owner: AmazonAccount, Arch: "x86_64", Virt: "hvm", RootType: "ebs", RootGB: 8, OS: "amzn-2023", QuickStart: true, Public: true},
	{Name: "al2023-ami-2023.6.20241212.0-kernel-6.1-arm64", Description: "Amazon Linux 2023 AMI 2023.6.20241212.0 arm64 HVM kernel-6.1", Owner: AmazonAccount, Arch: "arm64", Virt: "hvm", RootType: "ebs", RootGB: 8, OS: "amzn-2023", QuickStart: true, Public: true},
	{Name: "amzn2-ami-kernel-5.10-hvm-2.0.20241217.0-x86_64-gp2", Description: "Amazon Linux 2 Kernel 5.10 AMI 2.0.20241217.0 x86_64 HVM gp2", Owner: AmazonAccount, Arch: "x86_64", Virt: "hvm", RootType: "ebs", RootGB: 8, OS: "amzn-2", QuickStart: true, Public: true},
	{Name: "amzn2-ami-kernel-5.10-hvm-2.0.20241217.0-arm64-gp2", Description: "Amazon Linux 2 Kernel 5.10 AMI 2.0.20241217.0 arm64 HVM gp2", Owner: AmazonAccount, Arch: "arm64", Virt: "hvm", RootType: "ebs", RootGB: 8, OS: "amzn-2", QuickStart: true, Public: true},
	{Name: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20241206", Description: "Canonical, Ubuntu, 24.04, amd64 noble image", Owner: AmazonAccount, Arch: "x86_64", Virt: "hvm", RootType: "ebs", RootGB: 8, OS: "ubuntu-24.04", QuickStart: true, Public: true},
	{Name: "Windows_Server-2022-English-Full-Base-2024.12.13", Description: "Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon", Owner: AmazonAccount, Arch: "x86_64", Virt: "hvm", RootType: "ebs", RootGB: 30, OS: "windows-2022", Platform: "windows", QuickStart: true, Public: true},
	{Name: "amzn-ami-pv-2013.09.2.x86_64-s3", Description: "Amazon Linux AMI x86_64 PV instance-store (an old image: it boots only on older instance types)", Owner: AmazonAccount, Arch: "x86_64", Virt: "paravirtual", RootType: "instance-store", RootGB: 10, OS: "amzn-2013", Public: true},
	{Name: "wordpress-6.7-on-al2023-vendor-1.0", Description: "WordPress 6.7 ready to run, by a Marketplace vendor (software charge applies)", Owner: VendorAccount, Arch: "x86_64", Virt: "hvm", RootType: "ebs", RootGB: 10, OS: "amzn-2023", ProductCode: "8fq2ri3vsx7rbuhzoq0hy3pn2", SurchargePerHour: 0.02, Public: true},
	{Name: "hardened-nginx-al2023-vendor-2.3", Description: "CIS-hardened NGINX web server, by a Marketplace vendor (software charge applies)", Owner: VendorAccount, Arch: "x86_64", Virt: "hvm", RootType: "ebs", RootGB: 8, OS: "amzn-2023", ProductCode: "a4u3pqi8r1jr6mw2hxk9cbxq5", SurchargePerHour: 0.05, Public: true},
	{Name: "community-minecraft-server-al2023", Description: "A game server shared by a community publisher; not reviewed by anyone", Owner: CommunityAccount, Arch: "x86_64", Virt: "hvm", RootType: "ebs", RootGB: 8, OS: "amzn-2023", Public: true},
	{Name: "community-data-science-arm64", Description: "Jupyter and Python tools for arm64, shared by a community publisher", Owner: CommunityAccount, Arch: "arm64", Virt: "hvm", RootType: "ebs", RootGB: 16, OS: "amzn-2023", Public: true},
	{Name: "team-base-image-v1", Description: "The team's hardened base image (private to the colleague's account)", Owner: ColleagueAccount, Arch: "x86_64", Virt: "hvm", RootType: "ebs", RootGB: 8, OS: "amzn-2023"},
}
