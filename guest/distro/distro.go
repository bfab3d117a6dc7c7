// Package distro describes the operating systems that images carry: their
// default login user, kernel, package manager, the base files of a fresh root
// volume and the package repository the sandbox provides.
//
// It is plain data shared by the engine (which builds images' root trees),
// the guest programs (dnf, apt, uname) and the guest runtime (/proc). It
// imports nothing beyond the standard library and builds for every platform.
package distro

import (
	"sort"
	"strings"
)

// OS is one operating system family an image can carry.
type OS struct {
	ID       string // the engine's OS id: amzn-2023, amzn-2, amzn-2013, ubuntu-24.04, windows-2022
	Name     string // e.g. "Amazon Linux 2023"
	User     string // the default login user (ec2-user, ubuntu)
	Kernel   string // uname -r without the architecture suffix
	Packager string // dnf, yum or apt
	Motd     string // the banner printed on login
	Windows  bool   // no SSH, no Linux programs
}

// Lookup returns the operating system with the engine's id; an unknown id
// gives a generic Linux that behaves like Amazon Linux 2023.
func Lookup(id string) OS {
	for _, o := range systems {
		if o.ID == id {
			return o
		}
	}
	o := systems[0]
	o.ID = id
	return o
}

const al2023Motd = `   ,     #_
   ~\_  ####_        Amazon Linux 2023
  ~~  \_#####\
  ~~     \###|
  ~~       \#/ ___   https://aws.amazon.com/linux/amazon-linux-2023
   ~~       V~' '->
    ~~~         /
      ~~._.   _/
         _/ _/
       _/m/'
`

var systems = []OS{
	{ID: "amzn-2023", Name: "Amazon Linux 2023", User: "ec2-user", Kernel: "6.1.119-129.201.amzn2023", Packager: "dnf", Motd: al2023Motd},
	{ID: "amzn-2", Name: "Amazon Linux 2", User: "ec2-user", Kernel: "5.10.230-223.885.amzn2", Packager: "yum",
		Motd: "\n       __|  __|_  )\n       _|  (     /   Amazon Linux 2 AMI\n      ___|\\___|___|\n\nhttps://aws.amazon.com/amazon-linux-2/\n"},
	{ID: "amzn-2013", Name: "Amazon Linux AMI 2013.09", User: "ec2-user", Kernel: "3.4.68-59.97.amzn1", Packager: "yum",
		Motd: "\n       __|  __|_  )\n       _|  (     /   Amazon Linux AMI\n      ___|\\___|___|\n\nhttps://aws.amazon.com/amazon-linux-ami/2013.09-release-notes/\n"},
	{ID: "ubuntu-24.04", Name: "Ubuntu 24.04.1 LTS", User: "ubuntu", Kernel: "6.8.0-1018-aws", Packager: "apt",
		Motd: "Welcome to Ubuntu 24.04.1 LTS (GNU/Linux 6.8.0-1018-aws x86_64)\n\n * Documentation:  https://help.ubuntu.com\n * Management:     https://landscape.canonical.com\n * Support:        https://ubuntu.com/pro\n"},
	{ID: "windows-2022", Name: "Microsoft Windows Server 2022", User: "Administrator", Windows: true},
}

// Machine is the name Linux gives an EC2 architecture (uname -m).
func Machine(arch string) string {
	switch arch {
	case "arm64":
		return "aarch64"
	case "i386":
		return "i686"
	case "":
		return "x86_64"
	}
	return arch
}

// Home is a user's home directory.
func Home(user string) string {
	if user == "root" {
		return "/root"
	}
	return "/home/" + user
}

// StubPrefix starts every program file on a guest's disk: the rest of the
// first line names the applet of the multi-call program that runs it.
const StubPrefix = "#!/usr/libexec/amilab-box "

// Stub is the content of a program file that runs the applet name.
func Stub(name string) []byte { return []byte(StubPrefix + name + "\n") }

// Applet returns the applet a program file runs, if it is a stub.
func Applet(content []byte) (string, bool) {
	s := string(content)
	if !strings.HasPrefix(s, StubPrefix) {
		return "", false
	}
	s = s[len(StubPrefix):]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s), true
}

// Command is a base program every Linux image has, and where it lives.
type Command struct{ Name, Dir string }

// BaseCommands are the programs on every Linux image's root volume.
var BaseCommands = func() []Command {
	var out []Command
	for _, n := range strings.Fields(`bash sh ls cat echo printf mkdir rmdir rm touch cp mv pwd df du uname hostname
		whoami id ps date free uptime sudo su head tail wc grep tee sleep env which true false clear chmod chown
		stat lsblk mount curl ec2-metadata yes seq basename dirname find`) {
		out = append(out, Command{n, "/usr/bin"})
	}
	for _, n := range strings.Fields(`shutdown poweroff halt reboot service`) {
		out = append(out, Command{n, "/usr/sbin"})
	}
	out = append(out, Command{"systemctl", "/usr/bin"}, Command{"journalctl", "/usr/bin"}, Command{"cloud-init", "/usr/bin"},
		Command{"sshd", "/usr/sbin"}, Command{"init", "/usr/sbin"})
	return out
}()

// packagerCommands are the package manager's programs per packager.
var packagerCommands = map[string][]Command{
	"dnf": {{"dnf", "/usr/bin"}, {"yum", "/usr/bin"}, {"rpm", "/usr/bin"}},
	"yum": {{"yum", "/usr/bin"}, {"rpm", "/usr/bin"}},
	"apt": {{"apt", "/usr/bin"}, {"apt-get", "/usr/bin"}, {"dpkg", "/usr/bin"}},
}

// Commands lists every base program of an OS, package manager included.
func (o OS) Commands() []Command {
	if o.Windows {
		return nil
	}
	return append(append([]Command(nil), BaseCommands...), packagerCommands[o.Packager]...)
}

// sshdUnit is the unit file of the SSH server every Linux image runs.
const sshdUnit = `[Unit]
Description=OpenSSH server daemon
After=network.target

[Service]
ExecStart=/usr/sbin/sshd -D

[Install]
WantedBy=multi-user.target
`

// RootFiles is what the guest programs need on an image's root file system,
// on top of the engine's /etc/os-release and /etc/arch: directories map to
// nil, files to their contents. Images of named software (the Marketplace's
// web servers) come with that software installed and enabled.
func RootFiles(osID, arch, imageName string) map[string][]byte {
	o := Lookup(osID)
	files := map[string][]byte{"/tmp": nil, "/root": nil}
	if o.Windows {
		return files
	}
	files[Home(o.User)] = nil
	files["/etc/ssh/sshd_config"] = []byte("PasswordAuthentication no\nPermitRootLogin prohibit-password\n")
	files["/etc/motd"] = []byte(o.Motd)
	files["/etc/passwd"] = []byte("root:x:0:0:root:/root:/bin/bash\n" + o.User + ":x:1000:1000::" + Home(o.User) + ":/bin/bash\n")
	files["/usr/lib/systemd/system/sshd.service"] = []byte(sshdUnit)
	files["/etc/systemd/system/multi-user.target.wants/sshd.service"] = []byte(unitLink("sshd"))
	files["/var/log"] = nil
	files["/run"] = nil
	for _, c := range o.Commands() {
		files[c.Dir+"/"+c.Name] = Stub(c.Name)
	}
	switch o.Packager {
	case "apt":
		files["/etc/apt/sources.list.d/ubuntu.sources"] = []byte("Types: deb\nURIs: http://us-east-1.ec2.archive.ubuntu.com/ubuntu/\nSuites: noble noble-updates\nComponents: main universe\n")
	default:
		files["/etc/yum.repos.d/amazonlinux.repo"] = []byte("[amazonlinux]\nname=Amazon Linux $releasever repository - $basearch\nmirrorlist=https://al2023-repos-$awsregion-de612dc2.s3.dualstack.$awsregion.$awsdomain/core/mirrors/$releasever/$basearch/mirror.list\nenabled=1\n")
	}
	var preinstalled []string
	switch {
	case strings.Contains(imageName, "nginx"):
		preinstalled = []string{"nginx"}
	case strings.Contains(imageName, "wordpress"):
		preinstalled = []string{"httpd", "wordpress"}
	}
	for _, name := range preinstalled {
		if p, ok := o.Package(name); ok {
			for _, dep := range o.Closure(p) {
				o.Install(files, dep, arch)
			}
			if p.Service != "" {
				files["/etc/systemd/system/multi-user.target.wants/"+p.Service+".service"] = []byte(unitLink(p.Service))
			}
		}
	}
	return files
}

// UnitDirs are where systemd looks for unit files, in order.
var UnitDirs = []string{"/etc/systemd/system", "/usr/lib/systemd/system"}

// WantsDir holds the links of services enabled at boot.
const WantsDir = "/etc/systemd/system/multi-user.target.wants"

// unitLink is the content of an enabled service's link (the sandbox's file
// trees have no symbolic links: the file names its target).
func unitLink(service string) string {
	return "/usr/lib/systemd/system/" + service + ".service\n"
}

// UnitLink is the content of the file that enables a service at boot.
func UnitLink(service string) []byte { return []byte(unitLink(service)) }

// SortedPaths returns a file map's paths in order.
func SortedPaths(files map[string][]byte) []string {
	out := make([]string, 0, len(files))
	for p := range files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
