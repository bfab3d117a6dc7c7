package machine

import (
	"fmt"
	"strings"

	"amilab/engine/vfs"
	"amilab/guest/distro"
	"amilab/guest/job"
)

// osUsed is what the operating system itself occupies on a root volume
// (the sandbox's trees hold only the files that matter to a learner).
func osUsed(osID string) int64 {
	switch {
	case strings.HasPrefix(osID, "ubuntu"):
		return 1900 << 20
	case osID == "amzn-2023":
		return 1600 << 20
	}
	return 1500 << 20
}

// device is how the guest names a volume's block device (the root volume
// shows its first partition).
func device(d job.Disk) string {
	if d.Root && !strings.ContainsAny(d.Device[len(d.Device)-1:], "0123456789") {
		return d.Device + "1"
	}
	return d.Device
}

// procTree is the machine's /proc: what the kernel would tell about the
// instance (memory, CPUs, mounts) and the runtime's own description in
// /proc/amilab (info: id, OS, architecture; disks: sizes and usage).
func procTree(m *job.Machine, mt *mounted) vfs.Tree {
	o := distro.Lookup(m.OS)
	arch := distro.Machine(m.Architecture)
	release := o.Kernel + "." + arch
	if o.Packager == "apt" {
		release = o.Kernel
	}
	fstype := "xfs"
	if o.Packager == "apt" {
		fstype = "ext4"
	}
	var disks, mounts strings.Builder
	for i, d := range m.Disks {
		size := int64(d.SizeGB) << 30
		used := mt.disks[i].Tree().Size()
		if d.Root {
			used += osUsed(m.OS)
		}
		kind := "ebs"
		if d.InstanceStore {
			kind = "instance-store"
		}
		fmt.Fprintf(&disks, "%s %s %d %d %s %s\n", device(d), d.Mount, size, min(used, size), kind, fstype)
		fmt.Fprintf(&mounts, "%s %s %s rw,seclabel,noatime 0 0\n", device(d), d.Mount, fstype)
	}
	mounts.WriteString("proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n")
	memKB := int64(m.MemoryMiB) * 1024 * 93 / 100
	var cpu strings.Builder
	for i := 0; i < max(1, m.VCPU); i++ {
		if arch == "aarch64" {
			fmt.Fprintf(&cpu, "processor\t: %d\nBogoMIPS\t: 243.75\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics\nCPU implementer\t: 0x41\nCPU part\t: 0xd0c\n\n", i)
			continue
		}
		fmt.Fprintf(&cpu, "processor\t: %d\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz\ncpu MHz\t\t: 2499.998\ncpu cores\t: %d\n\n", i, max(1, m.VCPU/2))
	}
	files := map[string][]byte{
		"/amilab/info": []byte(fmt.Sprintf("os=%s\narch=%s\ninstance-id=%s\ninstance-type=%s\nprivate-ip=%s\n",
			m.OS, m.Architecture, m.InstanceID, m.InstanceType, m.PrivateIP)),
		"/amilab/disks":         []byte(disks.String()),
		"/mounts":               []byte(mounts.String()),
		"/sys/kernel/hostname":  []byte(hostname(m) + "\n"),
		"/sys/kernel/osrelease": []byte(release + "\n"),
		"/version":              []byte(fmt.Sprintf("Linux version %s (mockbuild@ip-10-0-47-213) (gcc (GCC) 11.4.1 20230605) #1 SMP PREEMPT_DYNAMIC Tue Dec  3 21:07:35 UTC 2024\n", release)),
		"/meminfo": []byte(fmt.Sprintf("MemTotal:       %8d kB\nMemFree:        %8d kB\nMemAvailable:   %8d kB\nBuffers:        %8d kB\nCached:         %8d kB\nShmem:          %8d kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n",
			memKB, memKB*62/100, memKB*80/100, memKB*2/100, memKB*20/100, memKB/200)),
		"/cpuinfo": []byte(cpu.String()),
	}
	t, err := vfs.FromFiles(files)
	if err != nil {
		panic(err)
	}
	return t
}
