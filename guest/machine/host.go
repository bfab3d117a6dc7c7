package machine

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"amilab/guest/distro"
	"amilab/guest/job"

	"github.com/tetratelabs/wazero/api"
)

// hostModule defines the guest's host functions (module "amilab"):
//
//	http(req, len) → n     send "METHOD URL\nheaders"; n bytes of answer wait
//	result(buf, len)       copy the waiting answer ("CODE MESSAGE\n" + response)
//	power(mode)            power off (0) or reboot (1) the instance
//	session(state, len)    the login shell's state at its end
func (r *Runtime) hostModule(ctx context.Context) error {
	i32 := api.ValueTypeI32
	_, err := r.rt.NewHostModuleBuilder("amilab").
		NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(hostHTTP), []api.ValueType{i32, i32}, []api.ValueType{i32}).Export("http").
		NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(hostResult), []api.ValueType{i32, i32}, nil).Export("result").
		NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(hostPower), []api.ValueType{i32}, nil).Export("power").
		NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(hostSession), []api.ValueType{i32, i32}, nil).Export("session").
		Instantiate(ctx)
	return err
}

func guestOf(ctx context.Context) *guestCtx {
	gc, _ := ctx.Value(runKey{}).(*guestCtx)
	return gc
}

// maxRequest bounds what a guest may send in one host call.
const maxRequest = 64 << 10

func read(mod api.Module, ptr, n uint64) (string, bool) {
	if n > maxRequest {
		return "", false
	}
	b, ok := mod.Memory().Read(uint32(ptr), uint32(n))
	return string(b), ok
}

func hostHTTP(ctx context.Context, mod api.Module, stack []uint64) {
	gc := guestOf(ctx)
	req, ok := read(mod, stack[0], stack[1])
	if gc == nil || !ok {
		stack[0] = 0
		return
	}
	gc.result = []byte(gc.run.request(ctx, gc, req))
	stack[0] = uint64(len(gc.result))
}

func hostResult(ctx context.Context, mod api.Module, stack []uint64) {
	gc := guestOf(ctx)
	if gc == nil {
		return
	}
	n := min(int(uint32(stack[1])), len(gc.result))
	mod.Memory().Write(uint32(stack[0]), gc.result[:n])
}

func hostPower(ctx context.Context, _ api.Module, stack []uint64) {
	if gc := guestOf(ctx); gc != nil && gc.machine.machine == &gc.run.job.Machine {
		gc.run.power = map[bool]string{true: "reboot", false: "poweroff"}[uint32(stack[0]) == 1]
	}
}

func hostSession(ctx context.Context, mod api.Module, stack []uint64) {
	gc := guestOf(ctx)
	state, ok := read(mod, stack[0], stack[1])
	if gc == nil || !ok || gc.depth != 0 || gc.run.job.Kind != job.Exec {
		return
	}
	lines := strings.Split(state, "\n")
	if len(lines) < 3 {
		return
	}
	s := &job.Session{User: lines[1], Dir: lines[2], Env: map[string]string{}}
	for _, l := range lines[3:] {
		if k, v, ok := strings.Cut(l, "="); ok && !strings.HasPrefix(k, "AMILAB_") {
			s.Env[k] = v
		}
	}
	gc.run.sess, gc.run.closed = s, lines[0] == "closed"
}

// sessionEnv is the environment of a connected user's command line.
func sessionEnv(m *job.Machine, s job.Session) map[string]string {
	login := distro.Lookup(m.OS).User
	user := s.User
	if user == "" {
		user = login
	}
	env := map[string]string{}
	for k, v := range s.Env {
		env[k] = v
	}
	home := distro.Home(user)
	path := home + "/.local/bin:" + home + "/bin:/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin"
	if user == "root" {
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	}
	set := func(k, v string) {
		if _, ok := env[k]; !ok {
			env[k] = v
		}
	}
	set("USER", user)
	set("LOGNAME", user)
	set("HOME", home)
	set("PATH", path)
	set("SHELL", "/bin/bash")
	set("TERM", "xterm-256color")
	set("LANG", "C.UTF-8")
	env["HOSTNAME"] = hostname(m)
	env["PWD"] = s.Dir
	if s.Dir == "" {
		env["PWD"] = home
	}
	env["AMILAB_SESSION"] = "1"
	env["AMILAB_LOGIN"] = login
	return env
}

// hostname is the machine's host name: EC2's private DNS name (Ubuntu
// keeps only its first label).
func hostname(m *job.Machine) string {
	if strings.HasPrefix(m.OS, "ubuntu") {
		h, _, _ := strings.Cut(m.PrivateDNS, ".")
		return h
	}
	return m.PrivateDNS
}

// request routes a guest's HTTP request and returns the host answer.
func (ru *run) request(ctx context.Context, gc *guestCtx, req string) string {
	line, rest, _ := strings.Cut(req, "\n")
	method, raw, _ := strings.Cut(line, " ")
	headers := map[string]string{}
	for _, h := range strings.Split(rest, "\n") {
		if k, v, ok := strings.Cut(h, ":"); ok {
			headers[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
		}
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "3 URL rejected: Malformed input to a URL function\n"
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "1 Protocol \"" + u.Scheme + "\" not supported\n"
	}
	host := u.Hostname()
	port, _ := strconv.Atoi(u.Port())
	if port == 0 {
		port = map[string]int{"http": 80, "https": 443}[u.Scheme]
	}
	target := u.RequestURI()
	self := gc.machine.machine
	failConnect := func(ms int, why string) string {
		return fmt.Sprintf("%d Failed to connect to %s port %d after %d ms: %s\n", map[bool]int{true: 28, false: 7}[ms > 0], host, port, ms, why)
	}
	switch {
	case host == "169.254.169.254" || host == "instance-data.ec2.internal":
		if port != 80 {
			return failConnect(0, "Couldn't connect to server")
		}
		return "0 OK\n" + imds(self, method, u.Path, headers)
	case host == "checkip.amazonaws.com":
		return "0 OK\n" + response(200, "text/plain", self.PublicIP+"\n")
	}
	dest := ru.resolve(gc, host)
	if dest == nil {
		return "6 Could not resolve host: " + host + "\n"
	}
	from := "127.0.0.1"
	if dest != gc.machine {
		from = self.PrivateIP
		if !containsPort(dest.machine.Ports, port) {
			return failConnect(130001, "Connection timed out")
		}
	}
	if u.Scheme == "https" && !listening(dest, port) {
		return failConnect(0, "Couldn't connect to server")
	}
	resp, code, msg := ru.serve(ctx, dest, port, method, target, from, headers["user-agent"], gc.depth+1)
	if code != 0 {
		if code == 7 {
			return failConnect(0, "Couldn't connect to server")
		}
		return fmt.Sprintf("%d %s\n", code, msg)
	}
	return "0 OK\n" + resp
}

func containsPort(ports []int, p int) bool {
	for _, v := range ports {
		if v == p {
			return true
		}
	}
	return false
}

// resolve finds the machine a host name or address names: this one
// (localhost, its own names) or a running peer.
func (ru *run) resolve(gc *guestCtx, host string) *mounted {
	self := gc.machine.machine
	names := func(m *job.Machine) []string {
		h, _, _ := strings.Cut(m.PrivateDNS, ".")
		return []string{m.PrivateIP, m.PrivateDNS, m.PublicIP, m.PublicDNS, h}
	}
	if host == "localhost" || host == "127.0.0.1" || host == "::1" || host == "0.0.0.0" {
		return gc.machine
	}
	for _, n := range names(self) {
		if n != "" && strings.EqualFold(n, host) {
			return gc.machine
		}
	}
	for i := range ru.job.Peers {
		p := &ru.job.Peers[i]
		for _, n := range names(p) {
			if n != "" && strings.EqualFold(n, host) {
				return ru.mount(p)
			}
		}
	}
	return nil
}

func listening(mt *mounted, port int) bool {
	_, err := mt.rootFS().Tree().Stat(job.ListenDir + "/" + strconv.Itoa(port))
	return err == nil
}

// maxResponse bounds one HTTP response.
const maxResponse = 1 << 20

// serve runs a machine's web server for one request. code is curl's exit
// code when no response came (7: nothing listens).
func (ru *run) serve(ctx context.Context, mt *mounted, port int, method, target, from, agent string, depth int) (string, int, string) {
	if depth > 3 {
		return "", 7, "Couldn't connect to server"
	}
	if !listening(mt, port) {
		return "", 7, "Couldn't connect to server"
	}
	if agent == "" {
		agent = "-"
	}
	env := bootEnv()
	delete(env, "AMILAB_BOOT")
	env["HTTP_HOST"] = hostOf(mt.machine)
	args := []string{"amilab-serve", strconv.Itoa(port), method, target, from, agent}
	res := ru.guestWith(ctx, mt, ru.r.limits.HTTP, maxResponse, args, env, depth)
	switch {
	case res.Code == 7:
		return "", 7, "Couldn't connect to server"
	case res.Limit != "" || res.Code != 0:
		return "", 52, "Empty reply from server"
	}
	return res.Output, 0, ""
}

// response is a whole HTTP response.
func response(status int, ctype, body string) string {
	text := map[int]string{200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed"}[status]
	return fmt.Sprintf("HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nServer: EC2ws\r\n\r\n%s", status, text, ctype, len(body), body)
}

// imdsToken is the session token of the instance metadata service (IMDSv2).
func imdsToken(m *job.Machine) string {
	return "AQAEA" + strings.ToUpper(strings.TrimPrefix(m.InstanceID, "i-")) + "Ml4pDw2jVfFyXcQ=="
}

// imdsRequired reports whether the image requires IMDSv2 tokens (Amazon
// Linux 2023 does).
func imdsRequired(m *job.Machine) bool { return m.OS == "amzn-2023" }

// imds answers a request to the instance metadata service.
func imds(m *job.Machine, method, path string, headers map[string]string) string {
	if method == "PUT" {
		if path != "/latest/api/token" {
			return response(405, "text/plain", "")
		}
		if headers["x-aws-ec2-metadata-token-ttl-seconds"] == "" {
			return response(400, "text/plain", "")
		}
		return response(200, "text/plain", imdsToken(m))
	}
	tok := headers["x-aws-ec2-metadata-token"]
	if tok != "" && tok != imdsToken(m) || tok == "" && imdsRequired(m) {
		return response(401, "text/plain", "")
	}
	data := map[string]string{
		"ami-id": m.ImageID, "ami-launch-index": "0", "hostname": m.PrivateDNS, "instance-id": m.InstanceID,
		"instance-type": m.InstanceType, "local-hostname": m.PrivateDNS, "local-ipv4": m.PrivateIP,
		"public-hostname": m.PublicDNS, "public-ipv4": m.PublicIP, "security-groups": strings.Join(m.SecurityGroups, "\n"),
		"placement/availability-zone": m.Zone, "placement/region": m.Region, "instance-life-cycle": "on-demand",
		"block-device-mapping/ami": strings.TrimPrefix(m.RootDevice, "/dev/"), "block-device-mapping/root": m.RootDevice,
	}
	ebs := 0
	for _, d := range m.Disks {
		switch {
		case d.Root:
		case d.InstanceStore:
			data["block-device-mapping/"+strings.TrimPrefix(d.Mount, "/media/")] = strings.TrimPrefix(d.Device, "/dev/")
		default:
			ebs++
			data["block-device-mapping/ebs"+strconv.Itoa(ebs)] = strings.TrimPrefix(d.Device, "/dev/")
		}
	}
	for k, v := range data {
		if v == "" {
			delete(data, k)
		}
	}
	p := strings.TrimSuffix(path, "/")
	switch {
	case p == "/latest":
		return response(200, "text/plain", "dynamic\nmeta-data\nuser-data")
	case p == "/latest/user-data":
		if m.UserData == "" {
			return response(404, "text/html", notFoundPage)
		}
		return response(200, "application/octet-stream", m.UserData)
	case p == "/latest/dynamic/instance-identity/document":
		doc := fmt.Sprintf("{\n  \"accountId\" : %q,\n  \"architecture\" : %q,\n  \"availabilityZone\" : %q,\n  \"imageId\" : %q,\n  \"instanceId\" : %q,\n  \"instanceType\" : %q,\n  \"privateIp\" : %q,\n  \"region\" : %q,\n  \"version\" : \"2017-09-30\"\n}",
			m.Owner, m.Architecture, m.Zone, m.ImageID, m.InstanceID, m.InstanceType, m.PrivateIP, m.Region)
		return response(200, "text/plain", doc)
	case strings.HasPrefix(p, "/latest/meta-data"):
		key := strings.TrimPrefix(strings.TrimPrefix(p, "/latest/meta-data"), "/")
		if v, ok := data[key]; ok {
			return response(200, "text/plain", v)
		}
		if list := listing(data, key); list != "" {
			return response(200, "text/plain", list)
		}
	}
	return response(404, "text/html", notFoundPage)
}

const notFoundPage = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<!DOCTYPE html>\n<html><head><title>404 - Not Found</title></head><body><h1>404 - Not Found</h1></body></html>\n"

// listing is the metadata directory under prefix, or "".
func listing(data map[string]string, prefix string) string {
	seen := map[string]bool{}
	for k := range data {
		rest, ok := strings.CutPrefix(k, prefix)
		if prefix != "" && (!ok || !strings.HasPrefix(rest, "/")) {
			continue
		}
		rest = strings.TrimPrefix(rest, "/")
		if first, _, more := strings.Cut(rest, "/"); more {
			seen[first+"/"] = true
		} else {
			seen[rest] = true
		}
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}
