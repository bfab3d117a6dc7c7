package engine

import (
	"sort"
	"time"

	"amilab/guest/distro"
)

// GuestInfo is what an instance's operating system can know about itself:
// what the instance metadata service and the hypervisor tell a real one.
type GuestInfo struct {
	InstanceID       string
	ImageID          string
	InstanceType     string
	Architecture     string // x86_64, arm64, i386
	OS               string // the image's OS id: amzn-2023, ubuntu-24.04, …
	Platform         string // "windows" or ""
	State            string
	Owner            string
	Region           string
	Zone             string
	PrivateIP        string
	PrivateDNS       string
	PublicIP         string
	PublicDNS        string
	KeyName          string
	UserData         string
	SecurityGroups   []string // group names
	VCPU             int
	MemoryMiB        int
	LaunchTime       time.Time // the last start
	RootDevice       string
	ShutdownBehavior string
	// Epoch changes whenever the instance changes state: a guest run's
	// writes belong to the instance only while the epoch they started in lasts.
	Epoch int
}

// GuestInfo describes an instance for its guest runtime.
func (w *World) GuestInfo(instanceID string) (GuestInfo, bool) {
	in := w.s.Instances[instanceID]
	if in == nil {
		return GuestInfo{}, false
	}
	it := instanceTypes[in.InstanceType]
	g := GuestInfo{
		InstanceID: in.InstanceId, ImageID: in.ImageId, InstanceType: in.InstanceType, Architecture: in.Architecture,
		OS: in.ImageOS, Platform: in.Platform, State: in.State.Name, Owner: in.Owner, Region: in.Region,
		Zone: in.Placement.AvailabilityZone, PrivateIP: in.PrivateIpAddress, PrivateDNS: in.PrivateDnsName,
		PublicIP: in.PublicIpAddress, PublicDNS: in.PublicDnsName, KeyName: in.KeyName, UserData: in.UserData,
		VCPU: it.VCPU, MemoryMiB: it.MemoryMiB, LaunchTime: in.LaunchTime.Time, RootDevice: in.RootDeviceName,
		ShutdownBehavior: in.ShutdownBehavior, Epoch: in.Epoch,
	}
	for _, sg := range in.SecurityGroups {
		g.SecurityGroups = append(g.SecurityGroups, sg.GroupName)
	}
	return g, true
}

// RunningInstances lists the running instances of a region (of every
// account: instances reach each other by address), in launch order.
func (w *World) RunningInstances(region string) []string {
	var recs []*instanceRec
	for _, in := range w.s.Instances {
		if in.Region == region && in.State.Name == StateRunning {
			recs = append(recs, in)
		}
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].Seq < recs[j].Seq })
	out := make([]string, len(recs))
	for i, in := range recs {
		out[i] = in.InstanceId
	}
	return out
}

// guestRootFiles is what the guest programs need on an image's starting root
// volume (program files, users, unit files; software preinstalled on
// Marketplace images), to be merged into osTree's files.
func guestRootFiles(osID, arch, imageName string) map[string][]byte {
	return distro.RootFiles(osID, arch, imageName)
}
