package engine

import "sort"

func sortStrings(s []string) { sort.Strings(s) }

// RegionInfo describes a region, as DescribeRegions does.
type RegionInfo struct {
	Endpoint    string `json:"Endpoint"`
	RegionName  string `json:"RegionName"`
	OptInStatus string `json:"OptInStatus"`
}

// DescribeRegionsInput is the request of DescribeRegions.
type DescribeRegionsInput struct {
	RegionNames []string `json:"RegionNames"`
	DryRun      bool     `json:"DryRun"`
}

// DescribeRegionsOutput is the response of DescribeRegions.
type DescribeRegionsOutput struct {
	Regions []RegionInfo `json:"Regions"`
}

// DescribeRegions lists the simulated regions.
func (w *World) DescribeRegions(c Caller, in *DescribeRegionsInput) (*DescribeRegionsOutput, error) {
	if err := w.check(c); err != nil {
		return nil, err
	}
	for _, r := range in.RegionNames {
		if !knownRegion(r) {
			return nil, errf(CodeInvalidParameterValue, "Invalid region: %s", r)
		}
	}
	if in.DryRun {
		return nil, errDryRun
	}
	out := &DescribeRegionsOutput{Regions: []RegionInfo{}}
	for _, r := range regionNames {
		if len(in.RegionNames) == 0 || contains(in.RegionNames, r) {
			out.Regions = append(out.Regions, RegionInfo{Endpoint: "ec2." + r + ".amazonaws.com", RegionName: r, OptInStatus: "opt-in-not-required"})
		}
	}
	return out, nil
}

// AvailabilityZone describes a zone, as DescribeAvailabilityZones does.
type AvailabilityZone struct {
	State      string `json:"State"`
	RegionName string `json:"RegionName"`
	ZoneName   string `json:"ZoneName"`
	ZoneType   string `json:"ZoneType"`
}

// DescribeAvailabilityZonesInput is the request of DescribeAvailabilityZones.
type DescribeAvailabilityZonesInput struct {
	DryRun bool `json:"DryRun"`
}

// DescribeAvailabilityZonesOutput is the response of DescribeAvailabilityZones.
type DescribeAvailabilityZonesOutput struct {
	AvailabilityZones []AvailabilityZone `json:"AvailabilityZones"`
}

// DescribeAvailabilityZones lists the zones of the caller's region.
func (w *World) DescribeAvailabilityZones(c Caller, in *DescribeAvailabilityZonesInput) (*DescribeAvailabilityZonesOutput, error) {
	if err := w.check(c); err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, errDryRun
	}
	out := &DescribeAvailabilityZonesOutput{}
	for _, z := range zones(c.Region) {
		out.AvailabilityZones = append(out.AvailabilityZones, AvailabilityZone{State: "available", RegionName: c.Region, ZoneName: z, ZoneType: "availability-zone"})
	}
	return out, nil
}

// InstanceTypeInfo is what DescribeInstanceTypes reports about a type.
type InstanceTypeInfo struct {
	InstanceType                  string               `json:"InstanceType"`
	CurrentGeneration             bool                 `json:"CurrentGeneration"`
	FreeTierEligible              bool                 `json:"FreeTierEligible"`
	SupportedUsageClasses         []string             `json:"SupportedUsageClasses"`
	SupportedRootDeviceTypes      []string             `json:"SupportedRootDeviceTypes"`
	SupportedVirtualizationTypes  []string             `json:"SupportedVirtualizationTypes"`
	BareMetal                     bool                 `json:"BareMetal"`
	Hypervisor                    string               `json:"Hypervisor"`
	ProcessorInfo                 ProcessorInfo        `json:"ProcessorInfo"`
	VCpuInfo                      VCpuInfo             `json:"VCpuInfo"`
	MemoryInfo                    MemoryInfo           `json:"MemoryInfo"`
	InstanceStorageSupported      bool                 `json:"InstanceStorageSupported"`
	InstanceStorageInfo           *InstanceStorageInfo `json:"InstanceStorageInfo,omitempty"`
	BurstablePerformanceSupported bool                 `json:"BurstablePerformanceSupported"`
}

// ProcessorInfo lists the architectures a type supports.
type ProcessorInfo struct {
	SupportedArchitectures []string `json:"SupportedArchitectures"`
}

// VCpuInfo gives a type's vCPUs.
type VCpuInfo struct {
	DefaultVCpus int `json:"DefaultVCpus"`
}

// MemoryInfo gives a type's memory.
type MemoryInfo struct {
	SizeInMiB int `json:"SizeInMiB"`
}

// InstanceStorageInfo describes a type's instance-store disks.
type InstanceStorageInfo struct {
	TotalSizeInGB int        `json:"TotalSizeInGB"`
	Disks         []DiskInfo `json:"Disks"`
}

// DiskInfo is one group of identical instance-store disks.
type DiskInfo struct {
	SizeInGB int    `json:"SizeInGB"`
	Count    int    `json:"Count"`
	Type     string `json:"Type"`
}

func (t InstanceTypeSpec) info() InstanceTypeInfo {
	i := InstanceTypeInfo{InstanceType: t.Name, CurrentGeneration: t.CurrentGen, FreeTierEligible: t.FreeTier,
		SupportedUsageClasses: []string{"on-demand", "spot"}, SupportedRootDeviceTypes: t.RootDevices,
		SupportedVirtualizationTypes: t.Virt, Hypervisor: "xen", ProcessorInfo: ProcessorInfo{SupportedArchitectures: t.Archs},
		VCpuInfo: VCpuInfo{DefaultVCpus: t.VCPU}, MemoryInfo: MemoryInfo{SizeInMiB: t.MemoryMiB},
		InstanceStorageSupported: t.StoreDisks > 0, BurstablePerformanceSupported: t.Burstable}
	if t.CurrentGen {
		i.Hypervisor = "nitro"
	}
	if t.StoreDisks > 0 {
		i.InstanceStorageInfo = &InstanceStorageInfo{TotalSizeInGB: t.StoreGB(), Disks: []DiskInfo{{SizeInGB: t.StoreDiskGB, Count: t.StoreDisks, Type: t.StoreType}}}
	}
	return i
}

func (t InstanceTypeSpec) tagList() []Tag { return nil }

var typeFields = fields[InstanceTypeSpec]{
	{"instance-type", func(t InstanceTypeSpec) []string { return one(t.Name) }},
	{"current-generation", func(t InstanceTypeSpec) []string { return boolStr(t.CurrentGen) }},
	{"free-tier-eligible", func(t InstanceTypeSpec) []string { return boolStr(t.FreeTier) }},
	{"burstable-performance-supported", func(t InstanceTypeSpec) []string { return boolStr(t.Burstable) }},
	{"processor-info.supported-architecture", func(t InstanceTypeSpec) []string { return t.Archs }},
	{"supported-root-device-type", func(t InstanceTypeSpec) []string { return t.RootDevices }},
	{"supported-virtualization-type", func(t InstanceTypeSpec) []string { return t.Virt }},
	{"vcpu-info.default-vcpus", func(t InstanceTypeSpec) []string { return itoa(t.VCPU) }},
	{"memory-info.size-in-mib", func(t InstanceTypeSpec) []string { return itoa(t.MemoryMiB) }},
	{"instance-storage-supported", func(t InstanceTypeSpec) []string { return boolStr(t.StoreDisks > 0) }},
	{"instance-storage-info.total-size-in-gb", func(t InstanceTypeSpec) []string { return itoa(t.StoreGB()) }},
}

// DescribeInstanceTypesInput is the request of DescribeInstanceTypes.
type DescribeInstanceTypesInput struct {
	InstanceTypes []string `json:"InstanceTypes"`
	Filters       []Filter `json:"Filters"`
	DryRun        bool     `json:"DryRun"`
}

// DescribeInstanceTypesOutput is the response of DescribeInstanceTypes.
type DescribeInstanceTypesOutput struct {
	InstanceTypes []InstanceTypeInfo `json:"InstanceTypes"`
}

// DescribeInstanceTypes lists instance types: hardware, architectures, storage.
func (w *World) DescribeInstanceTypes(c Caller, in *DescribeInstanceTypesInput) (*DescribeInstanceTypesOutput, error) {
	if err := startDescribe(w, c, typeFields, in.Filters); err != nil {
		return nil, err
	}
	for _, n := range in.InstanceTypes {
		if _, ok := instanceTypes[n]; !ok {
			return nil, errf(CodeInvalidParameterValue, "The following supplied instance types do not exist: [%s]", n)
		}
	}
	if in.DryRun {
		return nil, errDryRun
	}
	out := &DescribeInstanceTypesOutput{InstanceTypes: []InstanceTypeInfo{}}
	for _, t := range InstanceTypes() {
		if (len(in.InstanceTypes) == 0 || contains(in.InstanceTypes, t.Name)) && matches(typeFields, in.Filters, t) {
			out.InstanceTypes = append(out.InstanceTypes, t.info())
		}
	}
	return out, nil
}
