package programs

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

var netApplets = map[string]applet{
	"curl": curl, "ec2-metadata": ec2Metadata, "shutdown": power, "poweroff": power, "halt": power, "reboot": power,
	"stress-ng": stressNG,
}

// response is an HTTP response the runtime brought back.
type response struct {
	status int
	head   string // status line and headers, CRLF line ends
	body   string
}

func (r response) header(name string) string {
	for _, line := range strings.Split(r.head, "\r\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(k, name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// netError is a failed connection, with curl's exit code.
type netError struct {
	code int
	msg  string
}

// fetch sends one HTTP request through the runtime, which routes it (to
// this machine, another instance, or the metadata service) and applies the
// security groups on the way.
func fetch(method, url string, headers []string) (response, *netError) {
	raw := hostHTTP(method + " " + url + "\n" + strings.Join(headers, "\n"))
	status, rest, _ := strings.Cut(raw, "\n")
	code, msg, _ := strings.Cut(status, " ")
	if n, _ := strconv.Atoi(code); n != 0 {
		return response{}, &netError{n, msg}
	}
	head, body, _ := strings.Cut(rest, "\r\n\r\n")
	r := response{head: head, body: body}
	line, _, _ := strings.Cut(head, "\r\n")
	if f := strings.Fields(line); len(f) >= 2 {
		r.status, _ = strconv.Atoi(f[1])
	}
	return r, nil
}

const metadataBase = "http://169.254.169.254/latest/"

// imds reads the instance metadata service as AWS's tools do (IMDSv2: a
// session token first).
func imds(item string) (string, int) {
	tok, err := fetch("PUT", metadataBase+"api/token", []string{"X-aws-ec2-metadata-token-ttl-seconds: 21600"})
	if err != nil {
		return "", 0
	}
	r, err := fetch("GET", metadataBase+item, []string{"X-aws-ec2-metadata-token: " + tok.body})
	if err != nil {
		return "", 0
	}
	return r.body, r.status
}

const curlAgent = "curl/8.5.0"

func curl(p *Proc) int {
	var (
		url, method, output      string
		headers                  []string
		silent, showErr, include bool
		head, follow, fail, verb bool
		remoteName               bool
	)
	agent := curlAgent
	var args []string
	for _, a := range p.Args[1:] {
		if len(a) > 2 && a[0] == '-' && a[1] != '-' {
			for _, c := range a[1:] {
				args = append(args, "-"+string(c))
			}
			continue
		}
		args = append(args, a)
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		next := func() string {
			if i+1 < len(args) {
				i++
				return args[i]
			}
			return ""
		}
		switch a {
		case "-s", "--silent":
			silent = true
		case "-S", "--show-error":
			showErr = true
		case "-i", "--include":
			include = true
		case "-I", "--head":
			head = true
		case "-L", "--location":
			follow = true
		case "-f", "--fail":
			fail = true
		case "-v", "--verbose":
			verb = true
		case "-O", "--remote-name":
			remoteName = true
		case "-o", "--output":
			output = next()
		case "-X", "--request":
			method = next()
		case "-H", "--header":
			headers = append(headers, next())
		case "-A", "--user-agent":
			agent = next()
		case "-d", "--data", "--data-raw":
			next()
			if method == "" {
				method = "POST"
			}
		case "-m", "--max-time", "--connect-timeout", "-w", "--write-out", "-u", "--user", "-e":
			next()
		case "-k", "--insecure", "-4", "-6", "--compressed", "-#", "--progress-bar":
		case "--help", "-h":
			p.printf("Usage: curl [options...] <url>\n -i, --include       Include protocol response headers in the output\n -o, --output <file> Write to file instead of stdout\n -s, --silent        Silent mode\n")
			return 0
		case "-V", "--version":
			p.printf("curl 8.5.0 (%s) libcurl/8.5.0 OpenSSL/3.0.8\nProtocols: http https\n", "x86_64-amazon-linux-gnu")
			return 0
		default:
			if strings.HasPrefix(a, "-") {
				if !silent || showErr {
					fmt.Fprintf(p.Stderr, "curl: option %s: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n", a)
				}
				return 2
			}
			url = a
		}
	}
	if url == "" {
		fmt.Fprintln(p.Stderr, "curl: try 'curl --help' or 'curl --manual' for more information")
		return 2
	}
	if !strings.Contains(url, "://") {
		url = "http://" + url
	}
	if method == "" {
		method = "GET"
		if head {
			method = "HEAD"
		}
	}
	headers = append(headers, "User-Agent: "+agent)
	var r response
	for hops := 0; ; hops++ {
		if verb {
			host := strings.SplitN(strings.SplitN(url, "://", 2)[1], "/", 2)[0]
			fmt.Fprintf(p.Stderr, "*   Trying %s...\n> %s /%s HTTP/1.1\n> Host: %s\n> User-Agent: %s\n> Accept: */*\n>\n", host, method, strings.SplitN(strings.SplitN(url, "://", 2)[1]+"/", "/", 2)[1], host, agent)
		}
		resp, err := fetch(method, url, headers)
		if err != nil {
			if !silent || showErr {
				fmt.Fprintf(p.Stderr, "curl: (%d) %s\n", err.code, err.msg)
			}
			return err.code
		}
		r = resp
		if verb {
			for _, line := range strings.Split(r.head, "\r\n") {
				fmt.Fprintf(p.Stderr, "< %s\n", line)
			}
			fmt.Fprintln(p.Stderr, "<")
		}
		if follow && r.status/100 == 3 && r.header("Location") != "" && hops < 5 {
			if include || head {
				io.WriteString(p.Stdout, r.head+"\r\n\r\n")
			}
			url = r.header("Location")
			continue
		}
		break
	}
	if fail && r.status >= 400 {
		if !silent || showErr {
			fmt.Fprintf(p.Stderr, "curl: (22) The requested URL returned error: %d\n", r.status)
		}
		return 22
	}
	var out strings.Builder
	if include || head {
		out.WriteString(r.head + "\r\n\r\n")
	}
	if !head {
		out.WriteString(r.body)
	}
	if remoteName {
		output = url[strings.LastIndexByte(url, '/')+1:]
		if output == "" {
			fmt.Fprintln(p.Stderr, "curl: (23) Failed writing body (remote file name has no length)")
			return 23
		}
	}
	if output == "" {
		io.WriteString(p.Stdout, out.String())
		return 0
	}
	f, err := p.create(output, false)
	if err != nil {
		fmt.Fprintf(p.Stderr, "curl: (23) Failure writing output to destination: %s: %s\n", output, errText(err))
		return 23
	}
	io.WriteString(f, out.String())
	f.Close()
	if !silent {
		n := out.Len()
		fmt.Fprintf(p.Stderr, "  %% Total    %% Received %% Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n100 %5d  100 %5d    0     0  %5d      0 --:--:-- --:--:-- --:--:-- %5d\n", n, n, n, n)
	}
	return 0
}

func ec2Metadata(p *Proc) int {
	items := []struct{ short, long, key string }{
		{"-m", "--ami-id", "ami-id"}, {"-i", "--instance-id", "instance-id"}, {"-t", "--instance-type", "instance-type"},
		{"-h", "--local-hostname", "local-hostname"}, {"-o", "--local-ipv4", "local-ipv4"}, {"-p", "--public-hostname", "public-hostname"},
		{"-v", "--public-ipv4", "public-ipv4"}, {"-z", "--availability-zone", "placement/availability-zone"},
		{"-s", "--security-groups", "security-groups"}, {"-d", "--user-data", "user-data"},
	}
	args := p.Args[1:]
	if len(args) == 0 {
		args = []string{"--all"}
	}
	status := 0
	for _, a := range args {
		for _, it := range items {
			if a != it.short && a != it.long && a != "-a" && a != "--all" {
				continue
			}
			path := "meta-data/" + it.key
			if it.key == "user-data" {
				path = "user-data"
			}
			v, st := imds(path)
			if st != 200 {
				v = "not available"
			}
			label := it.key
			if label == "placement/availability-zone" {
				label = "placement"
			}
			p.printf("%s: %s\n", label, v)
		}
		if a == "--help" {
			p.printf("ec2-metadata v0.1.4\nUse to retrieve EC2 instance metadata from within a running EC2 instance.\n")
		}
	}
	return status
}

// power shuts the instance down or reboots it through the runtime.
func power(p *Proc) int {
	name := p.name()
	reboot := name == "reboot"
	for _, a := range p.Args[1:] {
		if a == "-r" || a == "--reboot" || (name == "init" && a == "6") {
			reboot = true
		}
		if a == "-c" {
			p.printf("No scheduled shutdown to cancel.\n")
			return 0
		}
	}
	call := "PowerOff"
	if reboot {
		call = "Reboot"
	}
	if !p.root() {
		fmt.Fprintf(p.Stderr, "Call to %s failed: Interactive authentication required.\n", call)
		return 1
	}
	what := "power off"
	if reboot {
		what = "reboot"
	}
	if name == "shutdown" {
		p.printf("Broadcast message from root@%s on pts/0 (%s):\n\nThe system will %s now!\n\n", hostname(), now().Format("Mon 2006-01-02 15:04:05 UTC"), what)
	}
	mode := uint32(0)
	if reboot {
		mode = 1
	}
	hostPower(mode)
	return 0
}

// sink keeps the stress loops' work from being optimised away.
var sink uint64

func stressNG(p *Proc) int {
	args := p.Args[1:]
	var cpu, vm, stack bool
	vmBytes := int64(256 << 20)
	timeout := time.Duration(0)
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "--cpu", "-c":
			cpu = true
			i++
		case "--vm", "-m":
			vm = true
			i++
		case "--stack":
			stack = true
			i++
		case "--vm-bytes":
			if i+1 < len(args) {
				vmBytes = parseSize(args[i+1])
				i++
			}
		case "--timeout", "-t":
			if i+1 < len(args) {
				s := args[i+1]
				if _, err := strconv.Atoi(s); err == nil {
					s += "s"
				}
				timeout, _ = time.ParseDuration(s)
				i++
			}
		case "--version":
			p.printf("stress-ng, version 0.13.00\n")
			return 0
		}
	}
	if !cpu && !vm && !stack {
		return p.errorf("no stress workers invoked (give --cpu N, --vm N or --stack N)")
	}
	p.printf("stress-ng: info:  [2501] setting to a %d second run per stressor\n", int(max(timeout, 24*time.Hour).Seconds()))
	p.printf("stress-ng: info:  [2501] dispatching hogs: %s\n", strings.Join(hogs(cpu, vm, stack), ", "))
	start := time.Now()
	switch {
	case stack:
		sink = recurse(0)
	case vm:
		buf := make([]byte, vmBytes)
		for i := 0; i < len(buf); i += 4096 {
			buf[i] = byte(i)
		}
		for timeout == 0 || time.Since(start) < timeout {
			for i := 0; i < len(buf); i += 4096 {
				sink += uint64(buf[i])
			}
		}
	default:
		for timeout == 0 || time.Since(start) < timeout {
			for i := 0; i < 1<<20; i++ {
				sink = sink*6364136223846793005 + 1442695040888963407
			}
		}
	}
	p.printf("stress-ng: info:  [2501] successful run completed in %.2fs\n", time.Since(start).Seconds())
	return 0
}

func hogs(cpu, vm, stack bool) []string {
	var out []string
	if cpu {
		out = append(out, "1 cpu")
	}
	if vm {
		out = append(out, "1 vm")
	}
	if stack {
		out = append(out, "1 stack")
	}
	return out
}

// recurse goes deeper until the stack runs out.
func recurse(n uint64) uint64 {
	var pad [64]uint64
	pad[n%64] = n
	return recurse(n+1) + pad[(n+1)%64]
}

func parseSize(s string) int64 {
	mult := int64(1)
	switch strings.ToUpper(s[len(s)-1:]) {
	case "K":
		mult = 1 << 10
	case "M":
		mult = 1 << 20
	case "G":
		mult = 1 << 30
	}
	n, _ := strconv.ParseInt(strings.TrimRight(s, "kKmMgGbB"), 10, 64)
	return n * mult
}
