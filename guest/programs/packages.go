package programs

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"

	"amilab/guest/distro"
)

var packageApplets = map[string]applet{"dnf": dnf, "yum": dnf, "rpm": rpm, "apt": apt, "apt-get": apt, "dpkg": dpkg, "git": git}

// pkgs is the package database of the machine.
type pkgs struct {
	p    *Proc
	o    distro.OS
	arch string
}

func newPkgs(p *Proc) pkgs {
	in := info()
	return pkgs{p: p, o: distro.Lookup(in["os"]), arch: in["arch"]}
}

func (m pkgs) installed() map[string]string {
	data, _ := os.ReadFile(m.o.DBPath())
	return distro.ParseDB(data)
}

// resolve finds the packages to install for names: each with its
// dependencies, minus what is installed. unknown lists names the repository lacks.
func (m pkgs) resolve(names []string) (want, deps []distro.Package, already, unknown []string) {
	have := m.installed()
	seen := map[string]bool{}
	for _, n := range names {
		pk, ok := m.o.Package(n)
		if !ok || pk.Hidden {
			unknown = append(unknown, n)
			continue
		}
		if have[n] != "" {
			already = append(already, n)
			continue
		}
		for _, d := range m.o.Closure(pk) {
			if seen[d.Name] || have[d.Name] != "" {
				continue
			}
			seen[d.Name] = true
			if d.Name == pk.Name {
				want = append(want, d)
			} else {
				deps = append(deps, d)
			}
		}
	}
	return want, deps, already, unknown
}

// keep reports whether an existing file is left alone by an install: the
// administrator's configuration and web content.
func keep(path string) bool {
	return (strings.HasPrefix(path, "/etc/") || strings.HasPrefix(path, "/var/www/")) && exists(path)
}

// put writes a package's files and records it as installed.
func (m pkgs) put(pk distro.Package) error {
	files := pk.FileSet()
	for _, path := range distro.SortedPaths(files) {
		if files[path] == nil {
			if err := os.MkdirAll(path, 0o755); err != nil {
				return err
			}
			continue
		}
		if keep(path) {
			continue
		}
		if err := writeFile(path, files[path]); err != nil {
			return err
		}
	}
	return appendFile(m.o.DBPath(), []byte(pk.Name+" "+pk.Version+" "+pk.Arch(m.arch, m.o.Packager)+"\n"))
}

// drop removes a package's files (not web content) and its database entry.
func (m pkgs) drop(pk distro.Package) {
	for path, data := range pk.FileSet() {
		if data != nil && !strings.HasPrefix(path, "/var/www/") {
			os.Remove(path)
		}
	}
	if pk.Service != "" {
		stopUnit(pk.Service)
		os.Remove(distro.WantsDir + "/" + pk.Service + ".service")
	}
	data, _ := os.ReadFile(m.o.DBPath())
	var kept []string
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] != pk.Name {
			kept = append(kept, line+"\n")
		}
	}
	writeFile(m.o.DBPath(), []byte(strings.Join(kept, "")))
}

func (m pkgs) full(pk distro.Package) string {
	return pk.Name + "-" + strings.TrimPrefix(pk.Version, "1:") + "." + pk.Arch(m.arch, m.o.Packager)
}

func kb(n int) string {
	if n >= 1024 {
		return fmt.Sprintf("%.1f M", float64(n)/1024)
	}
	return fmt.Sprintf("%d k", n)
}

// confirm asks the installer's question; with no answer to read (a
// one-line command) the sandbox answers yes and shows it.
func confirm(p *Proc, question string, yes bool) bool {
	if yes {
		return true
	}
	p.printf("%s", question)
	line, err := bufio.NewReader(p.Stdin).ReadString('\n')
	if err != nil && line == "" {
		p.printf("y\n")
		return true
	}
	line = strings.ToLower(strings.TrimSpace(line))
	if line == "y" || line == "yes" || (line == "" && strings.Contains(question, "[Y/n]")) {
		return true
	}
	return false
}

func dnf(p *Proc) int {
	m := newPkgs(p)
	opt, long, operands := flags(p.Args[1:])
	yes := opt['y'] || hasLong(long, "--assumeyes")
	if hasLong(long, "--version") {
		p.printf("4.14.0\n  Installed: dnf-0:4.14.0-1.amzn2023.0.5.noarch\n")
		return 0
	}
	if len(operands) == 0 {
		fmt.Fprintf(p.Stderr, "usage: %s [options] COMMAND\n\nList of Main Commands:\n\ninstall   install a package or packages on your system\nremove    remove a package or packages from your system\nlist      list a package or groups of packages\ninfo      display details about a package\nsearch    search package details for the given string\nupdate    upgrade a package or packages on your system\n", p.name())
		return 1
	}
	cmd, names := operands[0], operands[1:]
	root := map[string]bool{"install": true, "remove": true, "erase": true, "update": true, "upgrade": true, "reinstall": true, "makecache": true, "clean": true}
	if root[cmd] && !p.root() {
		fmt.Fprintln(p.Stderr, "Error: This command has to be run with superuser privileges (under the root user on most systems).")
		return 1
	}
	expiry := "Last metadata expiration check: 0:00:12 ago on " + now().Format("Mon Jan _2 15:04:05 2006") + "."
	table := func(sections [][2]any) {
		p.printf("%s\n", strings.Repeat("=", 80))
		p.printf(" %-28s %-8s %-30s %-12s %5s\n", "Package", "Arch", "Version", "Repository", "Size")
		p.printf("%s\n", strings.Repeat("=", 80))
		for _, s := range sections {
			list := s[1].([]distro.Package)
			if len(list) == 0 {
				continue
			}
			p.printf("%s:\n", s[0])
			for _, pk := range list {
				p.printf(" %-28s %-8s %-30s %-12s %5s\n", pk.Name, pk.Arch(m.arch, m.o.Packager), pk.Version, "amazonlinux", kb(pk.SizeKiB))
			}
		}
	}
	switch cmd {
	case "install", "reinstall":
		if len(names) == 0 {
			fmt.Fprintln(p.Stderr, "Error: Need to pass a list of pkgs to install")
			return 1
		}
		p.printf("%s\n", expiry)
		want, deps, already, unknown := m.resolve(names)
		for _, n := range already {
			p.printf("Package %s is already installed.\n", m.fullInstalled(n))
		}
		for _, n := range unknown {
			p.printf("No match for argument: %s\n", n)
		}
		if len(unknown) > 0 {
			fmt.Fprintf(p.Stderr, "Error: Unable to find a match: %s\n", strings.Join(unknown, " "))
			return 1
		}
		p.printf("Dependencies resolved.\n")
		if len(want) == 0 {
			p.printf("Nothing to do.\nComplete!\n")
			return 0
		}
		table([][2]any{{"Installing", want}, {"Installing dependencies", deps}})
		all := append(append([]distro.Package{}, deps...), want...)
		size := 0
		for _, pk := range all {
			size += pk.SizeKiB
		}
		p.printf("\nTransaction Summary\n%s\nInstall  %d Package%s\n\nTotal download size: %s\nInstalled size: %s\n", strings.Repeat("=", 80), len(all), plural(len(all)), kb(size), kb(size*3))
		if !confirm(p, "Is this ok [y/N]: ", yes) {
			p.printf("Operation aborted.\n")
			return 1
		}
		p.printf("Downloading Packages:\n")
		for i, pk := range all {
			p.printf("(%d/%d): %-52s %5s\n", i+1, len(all), m.full(pk)+".rpm", kb(pk.SizeKiB)+"B")
		}
		p.printf("Running transaction check\nTransaction check succeeded.\nRunning transaction test\nTransaction test succeeded.\nRunning transaction\n")
		for i, pk := range all {
			if err := m.put(pk); err != nil {
				fmt.Fprintf(p.Stderr, "Error: Transaction failed: %s: %s\n", m.full(pk), errText(err))
				return 1
			}
			p.printf("  Installing       : %-50s %d/%d\n", m.full(pk), i+1, len(all))
		}
		p.printf("\nInstalled:\n")
		for _, pk := range all {
			p.printf("  %s\n", m.full(pk))
		}
		p.printf("\nComplete!\n")
	case "remove", "erase":
		have := m.installed()
		var gone []distro.Package
		for _, n := range names {
			pk, ok := m.o.Package(n)
			if !ok || have[n] == "" {
				p.printf("No match for argument: %s\n", n)
				continue
			}
			gone = append(gone, pk)
		}
		if len(gone) == 0 {
			fmt.Fprintln(p.Stderr, "Error: No packages marked for removal.")
			return 1
		}
		unused := m.unusedDeps(gone)
		p.printf("Dependencies resolved.\n")
		table([][2]any{{"Removing", gone}, {"Removing unused dependencies", unused}})
		all := append(gone, unused...)
		p.printf("\nTransaction Summary\n%s\nRemove  %d Package%s\n\n", strings.Repeat("=", 80), len(all), plural(len(all)))
		if !confirm(p, "Is this ok [y/N]: ", yes) {
			p.printf("Operation aborted.\n")
			return 1
		}
		for i, pk := range all {
			m.drop(pk)
			p.printf("  Erasing          : %-50s %d/%d\n", m.full(pk), i+1, len(all))
		}
		p.printf("\nRemoved:\n")
		for _, pk := range all {
			p.printf("  %s\n", m.full(pk))
		}
		p.printf("\nComplete!\n")
	case "list":
		have := m.installed()
		what := "all"
		if len(names) > 0 && (names[0] == "installed" || names[0] == "available") {
			what, names = names[0], names[1:]
		}
		match := func(n string) bool {
			if len(names) == 0 {
				return true
			}
			for _, pat := range names {
				if ok, _ := path.Match(pat, n); ok {
					return true
				}
			}
			return false
		}
		if what != "available" {
			p.printf("Installed Packages\n")
			for _, n := range sortedKeys(have) {
				if match(n) {
					v, a, _ := strings.Cut(have[n], " ")
					p.printf("%-40s %-30s %s\n", n+"."+a, v, "@amazonlinux")
				}
			}
		}
		if what != "installed" {
			p.printf("Available Packages\n")
			for _, pk := range m.o.Packages() {
				if have[pk.Name] == "" && match(pk.Name) {
					p.printf("%-40s %-30s %s\n", pk.Name+"."+pk.Arch(m.arch, m.o.Packager), pk.Version, "amazonlinux")
				}
			}
		}
	case "info":
		status := 1
		for _, n := range names {
			if pk, ok := m.o.Package(n); ok && !pk.Hidden {
				status = 0
				state := "Available Packages"
				if m.installed()[n] != "" {
					state = "Installed Packages"
				}
				p.printf("%s\nName         : %s\nVersion      : %s\nArchitecture : %s\nSize         : %s\nRepository   : amazonlinux\nSummary      : %s\n\n",
					state, pk.Name, pk.Version, pk.Arch(m.arch, m.o.Packager), kb(pk.SizeKiB), pk.Summary)
			}
		}
		if status != 0 {
			fmt.Fprintln(p.Stderr, "Error: No matching Packages to list")
		}
		return status
	case "search":
		found := false
		for _, pk := range m.o.Packages() {
			for _, n := range names {
				if strings.Contains(pk.Name, n) || strings.Contains(strings.ToLower(pk.Summary), strings.ToLower(n)) {
					if !found {
						p.printf("%s\n%s Name Matched: %s %s\n", expiry, strings.Repeat("=", 20), n, strings.Repeat("=", 20))
					}
					found = true
					p.printf("%s.%s : %s\n", pk.Name, pk.Arch(m.arch, m.o.Packager), pk.Summary)
					break
				}
			}
		}
		if !found {
			p.printf("No matches found.\n")
			return 1
		}
	case "update", "upgrade", "check-update", "upgrade-minimal":
		p.printf("%s\nDependencies resolved.\nNothing to do.\nComplete!\n", expiry)
	case "makecache":
		p.printf("Amazon Linux 2023 repository                     41 MB/s |  30 MB     00:00\nMetadata cache created.\n")
	case "clean":
		p.printf("17 files removed\n")
	case "repolist":
		p.printf("repo id                         repo name\namazonlinux                     Amazon Linux 2023 repository\n")
	default:
		fmt.Fprintf(p.Stderr, "No such command: %s. Please use /usr/bin/%s --help\n", cmd, p.name())
		return 1
	}
	return 0
}

func (m pkgs) fullInstalled(name string) string {
	v, a, _ := strings.Cut(m.installed()[name], " ")
	return name + "-" + strings.TrimPrefix(v, "1:") + "." + a
}

// unusedDeps are the installed dependencies of gone that no other
// installed package needs.
func (m pkgs) unusedDeps(gone []distro.Package) []distro.Package {
	have := m.installed()
	removing := map[string]bool{}
	for _, g := range gone {
		removing[g.Name] = true
	}
	needed := map[string]bool{}
	for n := range have {
		if pk, ok := m.o.Package(n); ok && !removing[n] {
			for _, d := range pk.Deps {
				needed[d] = true
			}
		}
	}
	var out []distro.Package
	for _, g := range gone {
		for _, d := range g.Deps {
			if pk, ok := m.o.Package(d); ok && have[d] != "" && !needed[d] && !removing[d] {
				removing[d] = true
				out = append(out, pk)
			}
		}
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func rpm(p *Proc) int {
	m := newPkgs(p)
	opt, _, names := flags(p.Args[1:])
	have := m.installed()
	if !opt['q'] {
		return p.errorf("only queries (-q) are available in the sandbox")
	}
	if opt['a'] {
		for _, n := range sortedKeys(have) {
			p.printf("%s\n", m.fullInstalled(n))
		}
		return 0
	}
	status := 0
	for _, n := range names {
		if have[n] == "" {
			p.printf("package %s is not installed\n", n)
			status = 1
			continue
		}
		pk, _ := m.o.Package(n)
		switch {
		case opt['l']:
			files := pk.FileSet()
			for _, path := range distro.SortedPaths(files) {
				p.printf("%s\n", path)
			}
		case opt['i']:
			p.printf("Name        : %s\nVersion     : %s\nArchitecture: %s\nSummary     : %s\n", n, pk.Version, pk.Arch(m.arch, m.o.Packager), pk.Summary)
		default:
			p.printf("%s\n", m.fullInstalled(n))
		}
	}
	return status
}

func apt(p *Proc) int {
	m := newPkgs(p)
	opt, _, operands := flags(p.Args[1:])
	yes := opt['y']
	if len(operands) == 0 {
		p.printf("apt 2.7.14 (amd64)\nUsage: apt [options] command\n\nMost used commands:\n  list - list packages based on package names\n  install - install packages\n  remove - remove packages\n  update - update list of available packages\n")
		return 1
	}
	cmd, names := operands[0], operands[1:]
	root := map[string]bool{"install": true, "remove": true, "purge": true, "update": true, "upgrade": true}
	if root[cmd] && !p.root() {
		if cmd == "update" {
			fmt.Fprintln(p.Stderr, "E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/")
		} else {
			fmt.Fprintln(p.Stderr, "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?")
		}
		return 100
	}
	mirror := "http://us-east-1.ec2.archive.ubuntu.com/ubuntu"
	reading := "Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n"
	switch cmd {
	case "update":
		p.printf("Hit:1 %s noble InRelease\nGet:2 %s noble-updates InRelease [126 kB]\nHit:3 http://security.ubuntu.com/ubuntu noble-security InRelease\nFetched 126 kB in 0s (1,020 kB/s)\n%sAll packages are up to date.\n", mirror, mirror, reading)
	case "upgrade":
		p.printf("%sCalculating upgrade... Done\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n", reading)
	case "install":
		p.printf("%s", reading)
		want, deps, already, unknown := m.resolve(names)
		for _, n := range already {
			v, _, _ := strings.Cut(m.installed()[n], " ")
			p.printf("%s is already the newest version (%s).\n", n, v)
		}
		if len(unknown) > 0 {
			fmt.Fprintf(p.Stderr, "E: Unable to locate package %s\n", unknown[0])
			return 100
		}
		all := append(append([]distro.Package{}, want...), deps...)
		if len(all) == 0 {
			p.printf("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
			return 0
		}
		names := func(list []distro.Package) string {
			var n []string
			for _, pk := range list {
				n = append(n, pk.Name)
			}
			sort.Strings(n)
			return strings.Join(n, " ")
		}
		size := 0
		for _, pk := range all {
			size += pk.SizeKiB
		}
		if len(deps) > 0 {
			p.printf("The following additional packages will be installed:\n  %s\n", names(deps))
		}
		p.printf("The following NEW packages will be installed:\n  %s\n0 upgraded, %d newly installed, 0 to remove and 0 not upgraded.\nNeed to get %d kB of archives.\nAfter this operation, %d kB of additional disk space will be used.\n", names(all), len(all), size, size*3)
		if len(all) > 1 && !confirm(p, "Do you want to continue? [Y/n] ", yes) {
			p.printf("Abort.\n")
			return 1
		}
		for i, pk := range all {
			p.printf("Get:%d %s noble-updates/main %s %s %s [%d kB]\n", i+1, mirror, pk.Arch(m.arch, "apt"), pk.Name, pk.Version, pk.SizeKiB)
		}
		p.printf("Fetched %d kB in 0s (25.1 MB/s)\n", size)
		for _, pk := range all {
			p.printf("Selecting previously unselected package %s.\nUnpacking %s (%s) ...\n", pk.Name, pk.Name, pk.Version)
			if err := m.put(pk); err != nil {
				fmt.Fprintf(p.Stderr, "dpkg: error processing archive %s: %s\n", pk.Name, errText(err))
				return 100
			}
		}
		for _, pk := range all {
			p.printf("Setting up %s (%s) ...\n", pk.Name, pk.Version)
			if pk.Service != "" {
				link := distro.WantsDir + "/" + pk.Service + ".service"
				writeFile(link, distro.UnitLink(pk.Service))
				p.printf("Created symlink %s → %s.\n", link, findUnit(pk.Service))
				if err := startUnit(p, pk.Service); err != nil {
					p.printf("Job for %s.service failed because the control process exited with error code.\n", pk.Service)
				}
			}
		}
	case "remove", "purge":
		have := m.installed()
		p.printf("%s", reading)
		var gone []distro.Package
		for _, n := range names {
			if pk, ok := m.o.Package(n); ok && have[n] != "" {
				gone = append(gone, pk)
			} else {
				p.printf("Package '%s' is not installed, so not removed\n", n)
			}
		}
		if len(gone) == 0 {
			p.printf("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
			return 0
		}
		for _, pk := range gone {
			m.drop(pk)
			p.printf("Removing %s (%s) ...\n", pk.Name, pk.Version)
		}
	case "list":
		have := m.installed()
		p.printf("Listing... Done\n")
		for _, pk := range m.o.Packages() {
			state := ""
			if have[pk.Name] != "" {
				state = " [installed]"
			} else if len(names) > 0 && names[0] == "--installed" {
				continue
			}
			p.printf("%s/noble-updates %s %s%s\n", pk.Name, pk.Version, pk.Arch(m.arch, "apt"), state)
		}
	case "show":
		for _, n := range names {
			pk, ok := m.o.Package(n)
			if !ok {
				fmt.Fprintf(p.Stderr, "E: No packages found\n")
				return 100
			}
			p.printf("Package: %s\nVersion: %s\nDescription: %s\n\n", pk.Name, pk.Version, pk.Summary)
		}
	case "search":
		p.printf("Sorting... Done\nFull Text Search... Done\n")
		for _, pk := range m.o.Packages() {
			for _, n := range names {
				if strings.Contains(pk.Name, n) || strings.Contains(strings.ToLower(pk.Summary), strings.ToLower(n)) {
					p.printf("%s/noble-updates %s %s\n  %s\n\n", pk.Name, pk.Version, pk.Arch(m.arch, "apt"), pk.Summary)
					break
				}
			}
		}
	default:
		fmt.Fprintf(p.Stderr, "E: Invalid operation %s\n", cmd)
		return 100
	}
	return 0
}

func dpkg(p *Proc) int {
	m := newPkgs(p)
	have := m.installed()
	p.printf("Desired=Unknown/Install/Remove/Purge/Hold\n||/ Name           Version              Architecture Description\n+++-==============-====================-============-=================================\n")
	for _, n := range sortedKeys(have) {
		v, a, _ := strings.Cut(have[n], " ")
		pk, _ := m.o.Package(n)
		p.printf("ii  %-14s %-20s %-12s %s\n", n, v, a, pk.Summary)
	}
	return 0
}

// git is the part of git a sandbox without internet can offer.
func git(p *Proc) int {
	if len(p.Args) < 2 {
		p.printf("usage: git [--version] [--help] <command> [<args>]\n")
		return 1
	}
	switch p.Args[1] {
	case "--version", "version":
		p.printf("git version 2.40.1\n")
	case "init":
		dir := p.Dir
		if len(p.Args) > 2 {
			dir = p.abs(p.Args[2])
		}
		if err := p.checkWrite(dir); err != nil {
			return p.errorf("%s/.git: Permission denied", dir)
		}
		for _, d := range []string{"/.git/objects", "/.git/refs/heads"} {
			os.MkdirAll(dir+d, 0o755)
		}
		writeFile(dir+"/.git/HEAD", []byte("ref: refs/heads/main\n"))
		p.printf("Initialized empty Git repository in %s/.git/\n", dir)
	case "clone":
		url := ""
		if len(p.Args) > 2 {
			url = p.Args[2]
		}
		host := strings.SplitN(strings.TrimPrefix(strings.TrimPrefix(url, "https://"), "http://"), "/", 2)[0]
		fmt.Fprintf(p.Stderr, "Cloning into '%s'...\nfatal: unable to access '%s': Could not resolve host: %s\n", strings.TrimSuffix(path.Base(url), ".git"), url, host)
		return 128
	default:
		fmt.Fprintf(p.Stderr, "git: '%s' is not a git command. See 'git --help'.\n", p.Args[1])
		return 1
	}
	return 0
}
