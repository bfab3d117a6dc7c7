package programs

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"amilab/guest/distro"
)

var systemApplets = map[string]applet{
	"uname": uname, "hostname": hostnameApplet, "whoami": whoami, "id": id, "ps": ps, "date": date, "free": free,
	"uptime": uptime, "df": df, "lsblk": lsblk, "mount": mount, "env": env, "which": which, "sleep": sleep,
	"true": func(*Proc) int { return 0 }, "false": func(*Proc) int { return 1 }, "clear": clearApplet,
	"yes": yes, "seq": seq,
}

// kernel is the running kernel's release, as uname -r prints it.
func kernel() string {
	in := info()
	o := distro.Lookup(in["os"])
	if o.Packager == "apt" {
		return o.Kernel
	}
	return o.Kernel + "." + distro.Machine(in["arch"])
}

const kernelBuild = "#1 SMP PREEMPT_DYNAMIC Tue Dec  3 21:07:35 UTC 2024"

func uname(p *Proc) int {
	opt, long, _ := flags(p.Args[1:])
	m := distro.Machine(info()["arch"])
	if opt['a'] || hasLong(long, "--all") {
		p.printf("Linux %s %s %s %s %s %s GNU/Linux\n", hostname(), kernel(), kernelBuild, m, m, m)
		return 0
	}
	var out []string
	if len(opt) == 0 || opt['s'] {
		out = append(out, "Linux")
	}
	if opt['n'] {
		out = append(out, hostname())
	}
	if opt['r'] {
		out = append(out, kernel())
	}
	if opt['v'] {
		out = append(out, kernelBuild)
	}
	if opt['m'] {
		out = append(out, m)
	}
	if opt['p'] {
		out = append(out, m)
	}
	if opt['i'] {
		out = append(out, m)
	}
	if opt['o'] {
		out = append(out, "GNU/Linux")
	}
	p.printf("%s\n", strings.Join(out, " "))
	return 0
}

func hostnameApplet(p *Proc) int {
	opt, _, operands := flags(p.Args[1:])
	h := hostname()
	switch {
	case len(operands) > 0:
		if !p.root() {
			return p.errorf("you must be root to change the host name")
		}
		return p.errorf("the sandbox keeps the host name EC2 gives the instance (%s)", h)
	case opt['s']:
		h, _, _ = strings.Cut(h, ".")
	case opt['i'] || opt['I']:
		h = info()["private-ip"]
	}
	p.printf("%s\n", h)
	return 0
}

func whoami(p *Proc) int {
	p.printf("%s\n", p.user())
	return 0
}

func id(p *Proc) int {
	opt, _, operands := flags(p.Args[1:])
	u := p.user()
	if len(operands) > 0 {
		u = operands[0]
	}
	uid, groups := 1000, "1000("+u+"),4(adm),10(wheel),190(systemd-journal)"
	if u == "root" {
		uid, groups = 0, "0(root)"
	}
	switch {
	case opt['u'] && opt['n']:
		p.printf("%s\n", u)
	case opt['u']:
		p.printf("%d\n", uid)
	default:
		p.printf("uid=%d(%s) gid=%d(%s) groups=%s\n", uid, u, uid, u, groups)
	}
	return 0
}

// process is one line of ps.
type process struct {
	pid       int
	user, cmd string
	tty       string
}

// processes lists what runs on the machine: init, sshd, the active
// services and the connected user's shell.
func processes(p *Proc) []process {
	out := []process{{1, "root", "/usr/lib/systemd/systemd --switched-root --system --deserialize=32", "?"},
		{2, "root", "[kthreadd]", "?"}, {455, "root", "/usr/lib/systemd/systemd-journald", "?"}}
	pid := 1000
	for _, u := range activeUnits() {
		pid += 37
		cmd := unitCommand(u)
		out = append(out, process{pid, "root", cmd, "?"})
		switch u {
		case "httpd":
			for i := 1; i <= 4; i++ {
				out = append(out, process{pid + i, "apache", cmd, "?"})
			}
		case "nginx":
			out[len(out)-1].cmd = "nginx: master process /usr/sbin/nginx"
			out = append(out, process{pid + 1, "nginx", "nginx: worker process", "?"})
		case "sshd":
			out[len(out)-1].cmd = "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"
		}
	}
	login := p.sess.login
	out = append(out, process{2441, "root", "sshd: " + login + " [priv]", "?"}, process{2444, login, "sshd: " + login + "@pts/0", "?"},
		process{2468, login, "-bash", "pts/0"})
	if p.user() == "root" && login != "root" {
		out = append(out, process{2480, "root", "sudo " + strings.Join(p.Args, " "), "pts/0"})
	}
	out = append(out, process{2501, p.user(), strings.Join(p.Args, " "), "pts/0"})
	return out
}

// unitCommand is the command line of a unit's main process.
func unitCommand(unit string) string {
	data, _ := os.ReadFile(findUnit(unit))
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "ExecStart="); ok {
			return strings.Join(strings.Fields(strings.ReplaceAll(v, "$OPTIONS", "")), " ")
		}
	}
	return unit
}

func ps(p *Proc) int {
	args := strings.Join(p.Args[1:], " ")
	procs := processes(p)
	all := strings.ContainsAny(args, "aexA")
	if !all {
		p.printf("    PID TTY          TIME CMD\n")
		for _, pr := range procs {
			if pr.tty == "pts/0" {
				name := strings.Fields(pr.cmd)[0]
				p.printf("%7d %-8s 00:00:00 %s\n", pr.pid, pr.tty, strings.TrimPrefix(name, "-"))
			}
		}
		return 0
	}
	if strings.Contains(args, "f") || strings.Contains(args, "-e") {
		p.printf("UID          PID    PPID  C STIME TTY          TIME CMD\n")
		for _, pr := range procs {
			p.printf("%-8s %7d %7d  0 09:00 %-8s 00:00:00 %s\n", pr.user, pr.pid, 1, pr.tty, pr.cmd)
		}
		return 0
	}
	p.printf("USER         PID %%CPU %%MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n")
	for _, pr := range procs {
		p.printf("%-8s %7d  0.0  0.4  %6d %5d %-8s Ss   09:00   0:00 %s\n", pr.user, pr.pid, 20000+pr.pid*7, 4000+pr.pid%3000, pr.tty, pr.cmd)
	}
	return 0
}

// strftimeLayouts are the time layouts of the % directives that strftime
// writes with time.Time.Format.
var strftimeLayouts = map[byte]string{
	'Y': "2006",
	'y': "06",
	'm': "01",
	'd': "02",
	'e': "_2",
	'H': "15",
	'M': "04",
	'S': "05",
	'F': "2006-01-02",
	'T': "15:04:05",
	'a': "Mon",
	'A': "Monday",
	'b': "Jan",
	'h': "Jan",
	'B': "January",
}

// strftime formats a time with the date command's % directives.
func strftime(t time.Time, f string) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 >= len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		if layout, ok := strftimeLayouts[f[i]]; ok {
			b.WriteString(t.Format(layout))
			continue
		}
		switch f[i] {
		case 's':
			b.WriteString(strconv.FormatInt(t.Unix(), 10))
		case 'Z':
			b.WriteString("UTC")
		case 'z':
			b.WriteString("+0000")
		case 'j':
			fmt.Fprintf(&b, "%03d", t.YearDay())
		case 'n':
			b.WriteByte('\n')
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			b.WriteByte(f[i])
		}
	}
	return b.String()
}

func date(p *Proc) int {
	t := now()
	for _, a := range p.Args[1:] {
		switch {
		case strings.HasPrefix(a, "+"):
			p.printf("%s\n", strftime(t, a[1:]))
			return 0
		case a == "-I" || a == "--iso-8601":
			p.printf("%s\n", t.Format("2006-01-02"))
			return 0
		case a == "-R" || a == "--rfc-email":
			p.printf("%s\n", t.Format("Mon, 02 Jan 2006 15:04:05 -0700"))
			return 0
		case a == "-u" || a == "--utc":
		case a == "-s" || a == "--set":
			return p.errorf("cannot set date: Operation not permitted")
		default:
			return p.errorf("invalid date '%s'", a)
		}
	}
	p.printf("%s\n", t.Format("Mon Jan _2 15:04:05 UTC 2006"))
	return 0
}

// meminfo reads /proc/meminfo in kB.
func meminfo() map[string]int64 {
	out := map[string]int64{}
	data, _ := os.ReadFile("/proc/meminfo")
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			n, _ := strconv.ParseInt(strings.Fields(v + " 0")[0], 10, 64)
			out[k] = n
		}
	}
	return out
}

func free(p *Proc) int {
	opt, _, _ := flags(p.Args[1:])
	m := meminfo()
	total, free, avail, buffers, cached, shared := m["MemTotal"], m["MemFree"], m["MemAvailable"], m["Buffers"], m["Cached"], m["Shmem"]
	used := total - free - buffers - cached
	format := func(kb int64) string {
		switch {
		case opt['h']:
			if kb == 0 {
				return "0B"
			}
			s := human(kb * 1024)
			return s + "i"
		case opt['m']:
			return strconv.FormatInt(kb/1024, 10)
		case opt['g']:
			return strconv.FormatInt(kb/1024/1024, 10)
		}
		return strconv.FormatInt(kb, 10)
	}
	p.printf("%15s %11s %11s %11s %11s %11s\n", "total", "used", "free", "shared", "buff/cache", "available")
	p.printf("%-7s %11s %11s %11s %11s %11s %11s\n", "Mem:", format(total), format(used), format(free), format(shared), format(buffers+cached), format(avail))
	p.printf("%-7s %11s %11s %11s\n", "Swap:", format(0), format(0), format(0))
	return 0
}

// bootFile holds the time of the last boot (init writes it).
const bootFile = "/run/amilab/boot"

// bootTime is when the machine last started.
func bootTime() time.Time {
	data, _ := os.ReadFile(bootFile)
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(string(data)))
	if err != nil {
		return now()
	}
	return t
}

func uptime(p *Proc) int {
	up := now().Sub(bootTime()).Round(time.Minute)
	mins := int(up.Minutes())
	var s string
	switch {
	case mins < 60:
		s = fmt.Sprintf("%d min", mins)
	case mins < 24*60:
		s = fmt.Sprintf("%d:%02d", mins/60, mins%60)
	default:
		s = fmt.Sprintf("%d days, %d:%02d", mins/1440, mins%1440/60, mins%60)
	}
	if len(p.Args) > 1 && p.Args[1] == "-p" {
		p.printf("up %d minutes\n", mins)
		return 0
	}
	p.printf(" %s up %s,  1 user,  load average: 0.00, 0.00, 0.00\n", now().Format("15:04:05"), s)
	return 0
}

// disk is one mounted volume, from /proc/amilab/disks.
type disk struct {
	device, mount, kind, fstype string
	size, used                  int64
}

func disks() []disk {
	var out []disk
	data, _ := os.ReadFile("/proc/amilab/disks")
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) != 6 {
			continue
		}
		size, _ := strconv.ParseInt(f[2], 10, 64)
		used, _ := strconv.ParseInt(f[3], 10, 64)
		out = append(out, disk{device: f[0], mount: f[1], size: size, used: used, kind: f[4], fstype: f[5]})
	}
	return out
}

func df(p *Proc) int {
	opt, _, operands := flags(p.Args[1:])
	type row struct {
		fs, typ, mount    string
		size, used, avail int64
	}
	mem := meminfo()["MemTotal"] * 1024
	rows := []row{{"devtmpfs", "devtmpfs", "/dev", 4 << 20, 0, 4 << 20}, {"tmpfs", "tmpfs", "/dev/shm", mem / 2, 0, mem / 2}}
	for _, d := range disks() {
		rows = append(rows, row{d.device, d.fstype, d.mount, d.size, d.used, d.size - d.used})
	}
	rows = append(rows, row{"tmpfs", "tmpfs", "/run", mem / 5, 500 << 10, mem/5 - 500<<10})
	if len(operands) > 0 {
		var picked []row
		for _, o := range operands {
			abs := p.abs(o)
			if !exists(abs) {
				p.errorf("%s: No such file or directory", o)
				continue
			}
			best := -1
			for i, r := range rows {
				if under(abs, r.mount) && (best < 0 || len(r.mount) > len(rows[best].mount)) {
					best = i
				}
			}
			picked = append(picked, rows[best])
		}
		rows = picked
	}
	num := func(n int64) string {
		if opt['h'] {
			if n == 0 {
				return "0"
			}
			return human(n)
		}
		return strconv.FormatInt((n+1023)/1024, 10)
	}
	sizeHead := "1K-blocks"
	if opt['h'] {
		sizeHead = "Size"
	}
	if opt['T'] {
		p.printf("%-16s %-8s %9s %9s %9s %4s %s\n", "Filesystem", "Type", sizeHead, "Used", "Avail", "Use%", "Mounted on")
	} else {
		p.printf("%-16s %9s %9s %9s %4s %s\n", "Filesystem", sizeHead, "Used", "Avail", "Use%", "Mounted on")
	}
	for _, r := range rows {
		pct := int64(0)
		if r.size > 0 {
			pct = (r.used*100 + r.size - 1) / r.size
		}
		if opt['T'] {
			p.printf("%-16s %-8s %9s %9s %9s %3d%% %s\n", r.fs, r.typ, num(r.size), num(r.used), num(r.avail), pct, r.mount)
		} else {
			p.printf("%-16s %9s %9s %9s %3d%% %s\n", r.fs, num(r.size), num(r.used), num(r.avail), pct, r.mount)
		}
	}
	return 0
}

func lsblk(p *Proc) int {
	p.printf("NAME    MAJ:MIN RM  SIZE RO TYPE MOUNTPOINTS\n")
	for i, d := range disks() {
		name := strings.TrimPrefix(d.device, "/dev/")
		size := human(d.size)
		if d.mount == "/" && strings.HasSuffix(name, "1") && !strings.HasPrefix(name, "sd") {
			disk := strings.TrimSuffix(name, "1")
			p.printf("%-7s 202:%-3d  0 %4s  0 disk \n", disk, i*16, size)
			p.printf("└─%-5s 202:%-3d  0 %4s  0 part /\n", name, i*16+1, size)
			continue
		}
		p.printf("%-7s 202:%-3d  0 %4s  0 disk %s\n", name, i*16, size, d.mount)
	}
	return 0
}

func mount(p *Proc) int {
	if len(p.Args) > 1 && !strings.HasPrefix(p.Args[1], "-") {
		if !p.root() {
			return p.errorf("only root can do that")
		}
		return p.errorf("the sandbox mounts every volume of the instance at boot; see lsblk for where")
	}
	for _, d := range disks() {
		p.printf("%s on %s type %s (rw,noatime)\n", d.device, d.mount, d.fstype)
	}
	p.printf("proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)\n")
	return 0
}

func env(p *Proc) int {
	args := p.Args[1:]
	vars := map[string]string{}
	for k, v := range p.Env {
		vars[k] = v
	}
	for len(args) > 0 && strings.Contains(args[0], "=") {
		k, v, _ := strings.Cut(args[0], "=")
		vars[k] = v
		args = args[1:]
	}
	if len(args) > 0 {
		child := p.child(args)
		child.Env = vars
		return runProgram(child, "env")
	}
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p.printf("%s=%s\n", k, vars[k])
	}
	return 0
}

func which(p *Proc) int {
	status := 0
	for _, name := range p.Args[1:] {
		if where := lookPath(p, name); where != "" {
			p.printf("%s\n", where)
			continue
		}
		fmt.Fprintf(p.Stderr, "/usr/bin/which: no %s in (%s)\n", name, p.Env["PATH"])
		status = 1
	}
	return status
}

// sleep checks its argument and returns at once: the world's clock does not
// move while a command runs.
func sleep(p *Proc) int {
	if len(p.Args) < 2 {
		return p.errorf("missing operand")
	}
	for _, a := range p.Args[1:] {
		if _, err := strconv.ParseFloat(strings.TrimRight(a, "smhd"), 64); err != nil {
			return p.errorf("invalid time interval '%s'", a)
		}
	}
	return 0
}

func clearApplet(p *Proc) int {
	p.printf("\x1b[H\x1b[2J\x1b[3J")
	return 0
}

func yes(p *Proc) int {
	line := "y\n"
	if len(p.Args) > 1 {
		line = strings.Join(p.Args[1:], " ") + "\n"
	}
	chunk := []byte(strings.Repeat(line, max(1, 4096/len(line))))
	for {
		if _, err := p.Stdout.Write(chunk); err != nil {
			fmt.Fprintf(p.Stderr, "yes: standard output: %s\n", errText(err))
			return 1
		}
	}
}

func seq(p *Proc) int {
	var nums []int
	for _, a := range p.Args[1:] {
		n, err := strconv.Atoi(a)
		if err != nil {
			return p.errorf("invalid floating point argument: '%s'", a)
		}
		nums = append(nums, n)
	}
	first, step, last := 1, 1, 0
	switch len(nums) {
	case 1:
		last = nums[0]
	case 2:
		first, last = nums[0], nums[1]
	case 3:
		first, step, last = nums[0], nums[1], nums[2]
	default:
		return p.errorf("missing operand")
	}
	if step == 0 {
		return p.errorf("invalid Zero increment value: '0'")
	}
	var b strings.Builder
	for i := first; (step > 0 && i <= last) || (step < 0 && i >= last); i += step {
		b.WriteString(strconv.Itoa(i))
		b.WriteByte('\n')
		if b.Len() > 1<<16 {
			if _, err := p.Stdout.Write([]byte(b.String())); err != nil {
				return 1
			}
			b.Reset()
		}
	}
	p.Stdout.Write([]byte(b.String()))
	return 0
}
