package programs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"amilab/guest/distro"
)

// Service state lives in files, as a real system keeps it in /run (which
// init empties at every boot):
//
//	/run/systemd/units/NAME      "active SINCE" or "failed SINCE"
//	/run/amilab/listen/PORT      "PROGRAM DOCROOT UNIT": who answers on a TCP port
const (
	unitStateDir = "/run/systemd/units"
	listenDir    = "/run/amilab/listen"
	journalPath  = "/var/log/journal/system.journal"
	maxLogLines  = 300
)

var serviceApplets = map[string]applet{
	"systemctl": systemctl, "service": service, "journalctl": journalctl, "init": initApplet, "cloud-init": cloudInit,
	"sshd": sshd, "httpd": webServer, "apache2": webServer, "nginx": webServer, "apachectl": apachectl,
	"amilab-serve": serve,
}

func unitName(s string) string { return strings.TrimSuffix(s, ".service") }

// findUnit is the unit file of a service, or "".
func findUnit(name string) string {
	for _, dir := range distro.UnitDirs {
		f := dir + "/" + name + ".service"
		if exists(f) {
			return f
		}
	}
	return ""
}

func unitState(name string) (state string, since time.Time) {
	data, err := os.ReadFile(unitStateDir + "/" + name)
	if err != nil {
		return "inactive", time.Time{}
	}
	f := strings.Fields(string(data))
	if len(f) >= 2 {
		since, _ = time.Parse(time.RFC3339, f[1])
	}
	if len(f) == 0 {
		return "inactive", since
	}
	return f[0], since
}

func enabled(name string) bool { return exists(distro.WantsDir + "/" + name + ".service") }

// activeUnits lists the running services, sshd first.
func activeUnits() []string {
	entries, _ := os.ReadDir(unitStateDir)
	var out []string
	for _, e := range entries {
		if st, _ := unitState(e.Name()); st == "active" {
			out = append(out, e.Name())
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i] == "sshd" && out[j] != "sshd" })
	return out
}

func unitDescription(name string) string {
	data, _ := os.ReadFile(findUnit(name))
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "Description="); ok {
			return v
		}
	}
	return name + ".service"
}

// journal appends a line to the system journal, trimming old lines.
func journal(unit, msg string) {
	h, _, _ := strings.Cut(hostname(), ".")
	line := fmt.Sprintf("%s %s %s: %s\n", now().Format("Jan 02 15:04:05"), h, unit, msg)
	appendTrimmed(journalPath, line)
}

// appendTrimmed appends to a log file and keeps its last maxLogLines lines.
func appendTrimmed(file, line string) {
	data, _ := os.ReadFile(file)
	lines := strings.SplitAfter(string(data)+line, "\n")
	if n := len(lines); n > maxLogLines+1 {
		lines = lines[n-maxLogLines-1:]
	}
	writeFile(file, []byte(strings.Join(lines, "")))
}

// startUnit starts a service as systemd would: it runs the unit's ExecStart
// program, which must succeed. It returns a message for failure.
func startUnit(p *Proc, name string) error {
	if st, _ := unitState(name); st == "active" {
		return nil
	}
	cmd := strings.Fields(unitCommand(name))
	var out bytes.Buffer
	child := p.child(cmd)
	asUser(child.Env, "root")
	child.Stdin, child.Stdout, child.Stderr = strings.NewReader(""), &out, &out
	child.Dir = "/"
	child.Env["SYSTEMD_UNIT"] = name
	status := runProgram(child, name)
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if line != "" {
			journal(path.Base(cmd[0]), line)
		}
	}
	if status != 0 {
		writeFile(unitStateDir+"/"+name, []byte("failed "+now().Format(time.RFC3339)+"\n"))
		journal("systemd[1]", fmt.Sprintf("%s.service: Main process exited, code=exited, status=%d/FAILURE", name, status))
		journal("systemd[1]", "Failed to start "+name+".service - "+unitDescription(name)+".")
		return errors.New("failed")
	}
	writeFile(unitStateDir+"/"+name, []byte("active "+now().Format(time.RFC3339)+"\n"))
	journal("systemd[1]", "Started "+name+".service - "+unitDescription(name)+".")
	return nil
}

func stopUnit(name string) {
	if st, _ := unitState(name); st == "inactive" {
		return
	}
	os.Remove(unitStateDir + "/" + name)
	entries, _ := os.ReadDir(listenDir)
	for _, e := range entries {
		data, _ := os.ReadFile(listenDir + "/" + e.Name())
		if f := strings.Fields(string(data)); len(f) == 3 && f[2] == name {
			os.Remove(listenDir + "/" + e.Name())
		}
	}
	journal("systemd[1]", "Stopped "+name+".service - "+unitDescription(name)+".")
}

func systemctl(p *Proc) int {
	_, long, operands := flags(p.Args[1:])
	withNow := hasLong(long, "--now")
	if len(operands) == 0 {
		operands = []string{"list-units"}
	}
	verb, units := operands[0], operands[1:]
	for i := range units {
		units[i] = unitName(units[i])
	}
	mutating := map[string]bool{"start": true, "stop": true, "restart": true, "reload": true, "enable": true, "disable": true, "daemon-reload": true, "reboot": true, "poweroff": true}
	if mutating[verb] && !p.root() {
		what := verb
		if verb == "enable" || verb == "disable" {
			fmt.Fprintf(p.Stderr, "Failed to %s unit: Interactive authentication required.\n", verb)
			return 1
		}
		if len(units) > 0 {
			what += " " + units[0] + ".service"
		}
		fmt.Fprintf(p.Stderr, "Failed to %s: Interactive authentication required.\nSee system logs and 'systemctl status %s.service' for details.\n", what, strings.Join(units, " "))
		return 1
	}
	needUnits := map[string]bool{"start": true, "stop": true, "restart": true, "reload": true, "enable": true, "disable": true, "is-active": true, "is-enabled": true}
	if needUnits[verb] && len(units) == 0 {
		fmt.Fprintf(p.Stderr, "Too few arguments.\n")
		return 1
	}
	switch verb {
	case "start", "restart", "reload":
		for _, u := range units {
			if findUnit(u) == "" {
				fmt.Fprintf(p.Stderr, "Failed to %s %s.service: Unit %s.service not found.\n", verb, u, u)
				return 5
			}
			if verb == "restart" {
				stopUnit(u)
			}
			if err := startUnit(p, u); err != nil {
				fmt.Fprintf(p.Stderr, "Job for %s.service failed because the control process exited with error code.\nSee \"systemctl status %s.service\" and \"journalctl -xeu %s.service\" for details.\n", u, u, u)
				return 1
			}
		}
	case "stop":
		for _, u := range units {
			if findUnit(u) == "" {
				fmt.Fprintf(p.Stderr, "Failed to stop %s.service: Unit %s.service not loaded.\n", u, u)
				return 5
			}
			stopUnit(u)
		}
	case "enable", "disable":
		for _, u := range units {
			unit := findUnit(u)
			if unit == "" {
				fmt.Fprintf(p.Stderr, "Failed to %s unit: Unit file %s.service does not exist.\n", verb, u)
				return 1
			}
			link := distro.WantsDir + "/" + u + ".service"
			if verb == "enable" {
				if !exists(link) {
					writeFile(link, distro.UnitLink(u))
					fmt.Fprintf(p.Stderr, "Created symlink %s → %s.\n", link, unit)
				}
				if withNow {
					if err := startUnit(p, u); err != nil {
						fmt.Fprintf(p.Stderr, "Job for %s.service failed because the control process exited with error code.\n", u)
						return 1
					}
				}
				continue
			}
			if exists(link) {
				os.Remove(link)
				fmt.Fprintf(p.Stderr, "Removed \"%s\".\n", link)
			}
			if withNow {
				stopUnit(u)
			}
		}
	case "is-active":
		status := 0
		for _, u := range units {
			st, _ := unitState(u)
			p.printf("%s\n", st)
			if st != "active" {
				status = 3
			}
		}
		return status
	case "is-enabled":
		status := 0
		for _, u := range units {
			switch {
			case findUnit(u) == "":
				fmt.Fprintf(p.Stderr, "Failed to get unit file state for %s.service: No such file or directory\n", u)
				status = 1
			case enabled(u):
				p.printf("enabled\n")
			default:
				p.printf("disabled\n")
				status = 1
			}
		}
		return status
	case "status":
		return unitStatus(p, units)
	case "list-units", "list-unit-files":
		p.printf("  UNIT                        LOAD   ACTIVE SUB     DESCRIPTION\n")
		active := activeUnits()
		for _, u := range active {
			p.printf("  %-27s loaded active running %s\n", u+".service", unitDescription(u))
		}
		p.printf("\n%d loaded units listed.\n", len(active))
	case "daemon-reload":
	case "reboot", "poweroff", "halt":
		child := p.child([]string{verb})
		return power(child)
	default:
		fmt.Fprintf(p.Stderr, "Unknown command verb '%s'.\n", verb)
		return 1
	}
	return 0
}

func unitStatus(p *Proc, units []string) int {
	if len(units) == 0 {
		p.printf("● %s\n    State: running\n    Units: %d loaded\n     Jobs: 0 queued\n   Failed: 0 units\n", hostname(), len(activeUnits()))
		return 0
	}
	status := 0
	for i, u := range units {
		unit := findUnit(u)
		if unit == "" {
			fmt.Fprintf(p.Stderr, "Unit %s.service could not be found.\n", u)
			status = 4
			continue
		}
		if i > 0 {
			p.printf("\n")
		}
		en := "disabled"
		if enabled(u) {
			en = "enabled"
		}
		st, since := unitState(u)
		dot := "○"
		active := "inactive (dead)"
		switch st {
		case "active":
			dot, active = "●", fmt.Sprintf("active (running) since %s; %s ago", since.Format("Mon 2006-01-02 15:04:05 UTC"), ago(now().Sub(since)))
		case "failed":
			dot, active = "×", fmt.Sprintf("failed (Result: exit-code) since %s; %s ago", since.Format("Mon 2006-01-02 15:04:05 UTC"), ago(now().Sub(since)))
			status = 3
		default:
			status = 3
		}
		p.printf("%s %s.service - %s\n     Loaded: loaded (%s; %s; preset: disabled)\n     Active: %s\n", dot, u, unitDescription(u), unit, en, active)
		if st == "active" {
			cmd := unitCommand(u)
			p.printf("   Main PID: %d (%s)\n", 1000+37*(indexOf(activeUnits(), u)+1), path.Base(strings.Fields(cmd)[0]))
		}
		lines := journalLines(u, 5)
		if len(lines) > 0 {
			p.printf("\n%s", strings.Join(lines, ""))
		}
	}
	return status
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dmin", int(d.Minutes()))
	}
	return fmt.Sprintf("%dh %dmin", int(d.Hours()), int(d.Minutes())%60)
}

// journalLines are the last n journal lines about a unit (all lines for "").
func journalLines(unit string, n int) []string {
	data, _ := os.ReadFile(journalPath)
	var out []string
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if line != "" && (unit == "" || strings.Contains(line, " "+unit+".service") || strings.Contains(line, " "+unit+": ") || strings.Contains(line, " "+unit+"[")) {
			out = append(out, line)
		}
	}
	if n > 0 && len(out) > n {
		out = out[len(out)-n:]
	}
	return out
}

func journalctl(p *Proc) int {
	unit := ""
	n := 0
	args := p.Args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-u" && i+1 < len(args):
			unit = unitName(args[i+1])
			i++
		case strings.HasPrefix(a, "-") && strings.HasSuffix(a, "u") && i+1 < len(args):
			unit = unitName(args[i+1])
			i++
			if strings.Contains(a, "e") {
				n = 1000
			}
		case strings.HasPrefix(a, "--unit="):
			unit = unitName(strings.TrimPrefix(a, "--unit="))
		case a == "-n" && i+1 < len(args):
			fmt.Sscan(args[i+1], &n)
			i++
		}
	}
	lines := journalLines(unit, n)
	if len(lines) == 0 {
		p.printf("-- No entries --\n")
		return 0
	}
	io.WriteString(p.Stdout, strings.Join(lines, ""))
	return 0
}

func service(p *Proc) int {
	if len(p.Args) < 3 {
		fmt.Fprintln(p.Stderr, "Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]")
		return 1
	}
	child := p.child([]string{"systemctl", p.Args[2], p.Args[1]})
	fmt.Fprintf(p.Stderr, "Redirecting to /bin/systemctl %s %s.service\n", p.Args[2], p.Args[1])
	return systemctl(child)
}

func sshd(p *Proc) int { return 0 }

// webConfig reads a web server's port and document root from its configuration.
func webConfig(program string) (conf string, port string, root string, err error) {
	switch program {
	case "nginx":
		conf, port, root = "/etc/nginx/nginx.conf", "80", "/usr/share/nginx/html"
	case "apache2":
		conf, port, root = "/etc/apache2/apache2.conf", "80", "/var/www/html"
	default:
		conf, port, root = "/etc/httpd/conf/httpd.conf", "80", "/var/www/html"
	}
	data, err := os.ReadFile(conf)
	if err != nil {
		return conf, "", "", err
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(strings.TrimSuffix(strings.TrimSpace(line), ";"))
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[0] {
		case "Listen", "listen":
			port = f[1][strings.LastIndexByte(f[1], ':')+1:]
		case "DocumentRoot", "root":
			root = strings.Trim(f[1], `"`)
		}
	}
	return conf, port, root, nil
}

// serverVersion is what a web server calls itself in its Server header.
func serverVersion(program string) string {
	switch program {
	case "nginx":
		return "nginx/1.24.0"
	case "apache2":
		return "Apache/2.4.58 (Ubuntu)"
	}
	return "Apache/2.4.62 (Amazon Linux)"
}

// webServer is httpd, apache2 and nginx: started (by systemd or by hand),
// it checks its configuration and takes its TCP port.
func webServer(p *Proc) int {
	prog := p.name()
	args := strings.Join(p.Args[1:], " ")
	switch {
	case strings.Contains(args, "-v") || strings.Contains(args, "-V"):
		if prog == "nginx" {
			fmt.Fprintf(p.Stderr, "nginx version: %s\n", serverVersion(prog))
		} else {
			p.printf("Server version: %s\nServer built:   Jul 23 2024 00:00:00\n", serverVersion(prog))
		}
		return 0
	case strings.Contains(args, "-t"):
		conf, _, _, err := webConfig(prog)
		if err != nil {
			return p.errorf("could not open configuration file %s: No such file or directory", conf)
		}
		if prog == "nginx" {
			fmt.Fprintf(p.Stderr, "nginx: the configuration file %s syntax is ok\nnginx: configuration file %s test is successful\n", conf, conf)
		} else {
			fmt.Fprintln(p.Stderr, "Syntax OK")
		}
		return 0
	case strings.Contains(args, "-s stop") || strings.Contains(args, "-k stop"):
		stopUnit(prog)
		return 0
	}
	conf, port, root, err := webConfig(prog)
	if err != nil {
		if prog == "nginx" {
			fmt.Fprintf(p.Stderr, "nginx: [emerg] open() \"%s\" failed (2: No such file or directory)\n", conf)
		} else {
			fmt.Fprintf(p.Stderr, "%s: Could not open configuration file %s: No such file or directory\n", prog, conf)
		}
		return 1
	}
	busy := func() bool {
		data, err := os.ReadFile(listenDir + "/" + port)
		if err != nil {
			return false
		}
		f := strings.Fields(string(data))
		return len(f) == 0 || f[0] != prog
	}
	switch {
	case !p.root() && prog == "nginx":
		fmt.Fprintf(p.Stderr, "nginx: [emerg] bind() to 0.0.0.0:%s failed (13: Permission denied)\n", port)
		return 1
	case !p.root():
		fmt.Fprintf(p.Stderr, "(13)Permission denied: AH00072: make_sock: could not bind to address [::]:%s\nno listening sockets available, shutting down\nAH00015: Unable to open logs\n", port)
		return 1
	case busy() && prog == "nginx":
		fmt.Fprintf(p.Stderr, "nginx: [emerg] bind() to 0.0.0.0:%s failed (98: Address already in use)\n", port)
		return 1
	case busy():
		fmt.Fprintf(p.Stderr, "(98)Address already in use: AH00072: make_sock: could not bind to address [::]:%s\nno listening sockets available, shutting down\n", port)
		return 1
	}
	unit := p.Env["SYSTEMD_UNIT"]
	if unit == "" {
		unit = "-"
	}
	writeFile(listenDir+"/"+port, []byte(prog+" "+root+" "+unit+"\n"))
	if prog != "nginx" {
		p.printf("Server configured, listening on: port %s\n", port)
	}
	return 0
}

func apachectl(p *Proc) int {
	if len(p.Args) < 2 {
		return p.errorf("usage: apachectl start|stop|restart|graceful|configtest")
	}
	switch p.Args[1] {
	case "configtest", "-t":
		return webServer(p.child([]string{"httpd", "-t"}))
	case "start", "stop", "restart", "graceful":
		verb := map[string]string{"graceful": "reload"}[p.Args[1]]
		if verb == "" {
			verb = p.Args[1]
		}
		return systemctl(p.child([]string{"systemctl", verb, "httpd"}))
	}
	return p.errorf("unknown command %s", p.Args[1])
}

var statusText = map[int]string{200: "OK", 301: "Moved Permanently", 403: "Forbidden", 404: "Not Found"}

// serve answers one HTTP request for the runtime: amilab-serve PORT METHOD
// TARGET CLIENT-ADDRESS USER-AGENT. It prints the whole response; it exits
// with 7 when nothing listens on the port.
func serve(p *Proc) int {
	if len(p.Args) < 6 {
		return p.errorf("usage: amilab-serve PORT METHOD TARGET CLIENT AGENT")
	}
	port, method, target, client, agent := p.Args[1], p.Args[2], p.Args[3], p.Args[4], p.Args[5]
	data, err := os.ReadFile(listenDir + "/" + port)
	f := strings.Fields(string(data))
	if err != nil || len(f) < 2 {
		return 7
	}
	prog, root := f[0], f[1]
	urlPath, _, _ := strings.Cut(target, "?")
	urlPath = strings.ReplaceAll(urlPath, "%20", " ")
	clean := path.Clean("/" + urlPath)
	file := path.Clean(root + clean)
	status, body, ctype, location := 200, "", "text/html; charset=UTF-8", ""
	st, err := os.Stat(file)
	switch {
	case err == nil && st.IsDir() && !strings.HasSuffix(urlPath, "/"):
		status, location = 301, "http://"+p.Env["HTTP_HOST"]+clean+"/"
		body = errorPage(prog, status, "The document has moved <a href=\""+clean+"/\">here</a>.")
	case err == nil && st.IsDir():
		if data, err := os.ReadFile(file + "/index.html"); err == nil {
			body = string(data)
			break
		}
		switch {
		case prog == "httpd" && clean == "/":
			noindex, _ := os.ReadFile("/usr/share/httpd/noindex/index.html")
			status, body = 403, string(noindex)
		case prog == "nginx":
			status, body = 403, errorPage(prog, 403, "")
		default:
			body = listing(file, clean)
		}
	case err == nil:
		data, _ := os.ReadFile(file)
		body, ctype = string(data), contentType(file)
	default:
		status, body = 404, errorPage(prog, 404, "The requested URL was not found on this server.")
	}
	var h strings.Builder
	fmt.Fprintf(&h, "HTTP/1.1 %d %s\r\nDate: %s\r\nServer: %s\r\n", status, statusText[status], now().Format(time.RFC1123), serverVersion(prog))
	if location != "" {
		fmt.Fprintf(&h, "Location: %s\r\n", location)
	}
	fmt.Fprintf(&h, "Content-Length: %d\r\nContent-Type: %s\r\n\r\n", len(body), ctype)
	io.WriteString(p.Stdout, h.String())
	if method != "HEAD" {
		io.WriteString(p.Stdout, body)
	}
	logs := map[string]string{"httpd": "/var/log/httpd/access_log", "apache2": "/var/log/apache2/access.log", "nginx": "/var/log/nginx/access.log"}
	appendTrimmed(logs[prog], fmt.Sprintf("%s - - [%s] \"%s %s HTTP/1.1\" %d %d \"-\" \"%s\"\n", client, now().Format("02/Jan/2006:15:04:05 -0700"), method, target, status, len(body), agent))
	return 0
}

func errorPage(prog string, status int, detail string) string {
	title := fmt.Sprintf("%d %s", status, statusText[status])
	if prog == "nginx" {
		return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title + "</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n"
	}
	return "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>" + title + "</title>\n</head><body>\n<h1>" +
		statusText[status] + "</h1>\n<p>" + detail + "</p>\n</body></html>\n"
}

func listing(dir, urlPath string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<html>\n <head>\n  <title>Index of %s</title>\n </head>\n <body>\n<h1>Index of %s</h1>\n<ul>\n", urlPath, urlPath)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() {
			name += "/"
		}
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", name, name)
	}
	b.WriteString("</ul>\n</body></html>\n")
	return b.String()
}

func contentType(file string) string {
	switch path.Ext(file) {
	case ".html", ".htm":
		return "text/html; charset=UTF-8"
	case ".css":
		return "text/css"
	case ".js":
		return "application/javascript"
	case ".json":
		return "application/json"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".svg":
		return "image/svg+xml"
	}
	return "text/plain; charset=UTF-8"
}

// initApplet is the instance's init: the runtime runs it at every boot.
// It clears /run, starts the enabled services and runs cloud-init, which
// runs the user data on an instance's first boot.
func initApplet(p *Proc) int {
	if p.Env["AMILAB_BOOT"] == "" {
		if len(p.Args) > 1 && (p.Args[1] == "0" || p.Args[1] == "6") {
			return power(p)
		}
		return p.errorf("the system is already running; init 0 powers it off, init 6 reboots it")
	}
	asUser(p.Env, "root")
	p.Dir = "/"
	entries, _ := os.ReadDir("/run")
	for _, e := range entries {
		os.RemoveAll("/run/" + e.Name())
	}
	os.MkdirAll(unitStateDir, 0o755)
	os.MkdirAll(listenDir, 0o755)
	writeFile(bootFile, []byte(now().Format(time.RFC3339)+"\n"))
	o := thisOS()
	p.printf("[    0.000000] Linux version %s\n", kernel())
	journal("kernel", "Linux version "+kernel())
	p.printf("[  OK  ] Reached target local-fs.target - Local File Systems.\n[  OK  ] Reached target network-online.target - Network is Online.\n")
	wants, _ := os.ReadDir(distro.WantsDir)
	for _, w := range wants {
		u := unitName(w.Name())
		if findUnit(u) == "" {
			continue
		}
		if err := startUnit(p, u); err != nil {
			p.printf("[FAILED] Failed to start %s.service - %s.\nSee 'systemctl status %s.service' for details.\n", u, unitDescription(u), u)
			continue
		}
		p.printf("[  OK  ] Started %s.service - %s.\n", u, unitDescription(u))
	}
	runCloudInit(p)
	h, _, _ := strings.Cut(hostname(), ".")
	p.printf("\n%s\nKernel %s on an %s\n\n%s login: \n", o.Name, kernel(), distro.Machine(info()["arch"]), h)
	return 0
}

const cloudInitVersion = "22.2.2"

func cloudInit(p *Proc) int {
	if len(p.Args) < 2 {
		return p.errorf("usage: cloud-init [--version] {init,modules,single,query,status,clean} ...")
	}
	switch p.Args[1] {
	case "--version", "-v":
		p.printf("/usr/bin/cloud-init %s\n", cloudInitVersion)
	case "status":
		id, _ := imds("meta-data/instance-id")
		if exists("/var/lib/cloud/instances/" + id + "/boot-finished") {
			p.printf("status: done\n")
		} else {
			p.printf("status: not run\n")
		}
	case "clean":
		if !p.root() {
			return p.errorf("ERROR: clean must be run as root")
		}
		os.RemoveAll("/var/lib/cloud/instances")
		os.RemoveAll("/var/lib/cloud/data")
		if len(p.Args) > 2 && (p.Args[2] == "--logs" || p.Args[2] == "-l") {
			os.Remove("/var/log/cloud-init.log")
			os.Remove("/var/log/cloud-init-output.log")
		}
	case "query":
		if len(p.Args) > 2 && p.Args[2] == "userdata" {
			ud, _ := imds("user-data")
			io.WriteString(p.Stdout, ud)
			return 0
		}
		return p.errorf("query: give a key such as userdata")
	default:
		return p.errorf("the sandbox runs cloud-init %s at boot; see cloud-init status", p.Args[1])
	}
	return 0
}

// runCloudInit does what cloud-init does at boot: on the first boot of
// this instance (by instance id) it runs the user data.
func runCloudInit(p *Proc) {
	log := func(msg string) {
		appendTrimmed("/var/log/cloud-init.log", now().Format("2006-01-02 15:04:05,000")+" - "+msg+"\n")
	}
	start := now()
	id, status := imds("meta-data/instance-id")
	if status != 200 {
		log("util.py[WARNING]: No instance datasource found")
		return
	}
	dir := "/var/lib/cloud/instances/" + id
	writeFile("/var/lib/cloud/data/instance-id", []byte(id+"\n"))
	if exists(dir + "/sem/config_scripts_user") {
		log("handlers.py[DEBUG]: config-scripts-user already ran for this instance (per-instance); skipping")
		finishCloudInit(p, dir, start)
		return
	}
	log("Cloud-init v. " + cloudInitVersion + " running 'modules:final' for instance " + id)
	ud, status := imds("user-data")
	switch {
	case status != 200 || strings.TrimSpace(ud) == "":
		log("No user data given")
	case strings.HasPrefix(ud, "#!"):
		script := dir + "/scripts/part-001"
		writeFile(dir+"/user-data.txt", []byte(ud))
		writeFile(script, []byte(ud))
		runUserScript(p, script, "", log)
	case strings.HasPrefix(ud, "#cloud-config"):
		writeFile(dir+"/user-data.txt", []byte(ud))
		runCloudConfig(p, ud, log)
	default:
		log("Unhandled non-multipart (text/x-not-multipart) userdata: 'b'" + firstLine(ud) + "'...'")
	}
	writeFile(dir+"/sem/config_scripts_user", []byte(now().Format(time.RFC3339)+"\n"))
	finishCloudInit(p, dir, start)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	if len(line) > 20 {
		line = line[:20]
	}
	return line
}

func finishCloudInit(p *Proc, dir string, start time.Time) {
	msg := fmt.Sprintf("Cloud-init v. %s finished at %s. Datasource DataSourceEc2Local.  Up %.2f seconds\n", cloudInitVersion, now().Format(time.RFC1123Z), 20+now().Sub(start).Seconds())
	appendTrimmed("/var/log/cloud-init-output.log", msg)
	p.printf("%s", msg)
	writeFile(dir+"/boot-finished", []byte(now().Format(time.RFC3339)+"\n"))
}

// runUserScript runs a user data script (or one runcmd line) as root, its
// output going to the console and /var/log/cloud-init-output.log.
func runUserScript(p *Proc, script, line string, log func(string)) {
	var out cappedBuffer
	out.limit = maxPipeBytes
	args := []string{"sh", script}
	if line != "" {
		args = []string{"sh", "-c", line}
	}
	child := p.child(args)
	asUser(child.Env, "root")
	child.Dir = "/"
	child.Stdin, child.Stdout, child.Stderr = strings.NewReader(""), &out, &out
	status := shellMain(child)
	appendFile("/var/log/cloud-init-output.log", out.Bytes())
	p.Stdout.Write(out.Bytes())
	if status != 0 {
		log(fmt.Sprintf("subp.py[WARNING]: Failed running %s [%d]", script+line, status))
		msg := "cc_scripts_user.py[WARNING]: Failed to run module scripts_user (scripts in /var/lib/cloud/instance/scripts)\n"
		appendFile("/var/log/cloud-init-output.log", []byte(msg))
		p.printf("%s", msg)
	}
}

// runCloudConfig runs the parts of a #cloud-config document the sandbox
// understands: packages and runcmd.
func runCloudConfig(p *Proc, doc string, log func(string)) {
	var packages, commands []string
	section := ""
	for _, line := range strings.Split(doc, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
		case !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "-") && strings.HasSuffix(t, ":"):
			section = strings.TrimSuffix(t, ":")
		case strings.HasPrefix(t, "- "):
			item := strings.Trim(strings.TrimSpace(t[2:]), `"'`)
			switch section {
			case "packages":
				packages = append(packages, item)
			case "runcmd":
				commands = append(commands, item)
			}
		default:
			section = ""
		}
	}
	if len(packages) > 0 {
		runUserScript(p, "", thisOS().Packager+" install -y "+strings.Join(packages, " "), log)
	}
	for _, c := range commands {
		runUserScript(p, "", c, log)
	}
}
