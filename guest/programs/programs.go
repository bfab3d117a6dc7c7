// Package programs is the userland of the sandbox's instances: one
// multi-call program (in the manner of busybox) whose applets are a shell and
// the usual commands (ls, cat, df, uname, ps, …), a package manager (dnf, yum,
// apt), a service manager (systemctl), web servers (httpd, nginx), curl,
// cloud-init and the instance's init.
//
// It is compiled with GOOS=wasip1 and run by the guest runtime under wazero:
// files are the instance's volumes (through WASI), the clock is the world's
// virtual clock, and the network (curl, the instance metadata service) and
// power (shutdown) go through the runtime's host functions.
//
// Every applet runs in-process: a command line's commands, pipes and
// command substitutions are function calls, never new processes. Program
// files on the guest's disk are small stubs (see distro.Stub) that name the
// applet they run, so installing a package really adds programs to the disk.
package programs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"syscall"

	"amilab/guest/distro"
)

// Proc is one running program: its arguments, environment, working directory
// and standard streams.
type Proc struct {
	Args   []string
	Env    map[string]string
	Dir    string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	sess   *session
	depth  int
}

// session is the state of a login session that outlives one command line:
// the user (after sudo -i), the working directory and the variables.
type session struct {
	login    string // the user who connected
	user     string
	closed   bool   // exit or logout ended the session
	switched string // a user switch (sudo -i, su, exit) the login shell has still to apply
}

type applet func(p *Proc) int

// applets maps program names to their code; filled in init to allow the
// shell and sudo to run applets themselves.
var applets map[string]applet

func init() {
	applets = map[string]applet{}
	for _, group := range []map[string]applet{fileApplets, systemApplets, packageApplets, serviceApplets, netApplets} {
		for name, a := range group {
			applets[name] = a
		}
	}
	applets["sh"] = shellMain
	applets["bash"] = shellMain
	applets["sudo"] = sudo
	applets["su"] = su
}

// Main runs the applet named by argv[0]'s base name, or by the first
// argument when argv[0] names the multi-call program itself. It returns the
// exit status.
func Main(args []string, env []string, stdin io.Reader, stdout, stderr io.Writer) int {
	p := &Proc{Args: args, Env: map[string]string{}, Stdin: stdin, Stdout: stdout, Stderr: stderr}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			p.Env[k] = v
		}
	}
	p.Dir = p.Env["PWD"]
	if p.Dir == "" {
		p.Dir = "/"
	}
	user := p.Env["USER"]
	if user == "" {
		user = "root"
	}
	p.sess = &session{login: p.Env["AMILAB_LOGIN"], user: user}
	if p.sess.login == "" {
		p.sess.login = user
	}
	delete(p.Env, "AMILAB_LOGIN")
	if len(args) == 0 {
		args = []string{"sh"}
	}
	name := path.Base(args[0])
	if _, ok := applets[name]; !ok && len(args) > 1 {
		args = args[1:]
		name = path.Base(args[0])
	}
	p.Args = args
	a, ok := applets[name]
	if !ok {
		fmt.Fprintf(stderr, "%s: applet not found\n", name)
		return 127
	}
	code := runApplet(a, p)
	if name == "sh" || name == "bash" {
		reportSession(p)
	}
	return code
}

// reportSession tells the runtime the session's state after a command line.
func reportSession(p *Proc) {
	var b strings.Builder
	closed := "open"
	if p.sess.closed {
		closed = "closed"
	}
	fmt.Fprintf(&b, "%s\n%s\n%s\n", closed, p.sess.user, p.Dir)
	keys := make([]string, 0, len(p.Env))
	for k := range p.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !strings.ContainsAny(p.Env[k], "\n") && !strings.HasPrefix(k, "AMILAB_") {
			fmt.Fprintf(&b, "%s=%s\n", k, p.Env[k])
		}
	}
	hostSession(b.String())
}

// child is a copy of p for running another program: same streams and
// directory, its own environment.
func (p *Proc) child(args []string) *Proc {
	env := make(map[string]string, len(p.Env))
	for k, v := range p.Env {
		env[k] = v
	}
	return &Proc{Args: args, Env: env, Dir: p.Dir, Stdin: p.Stdin, Stdout: p.Stdout, Stderr: p.Stderr, sess: p.sess, depth: p.depth + 1}
}

// name is the program's name for messages.
func (p *Proc) name() string { return path.Base(p.Args[0]) }

// errorf prints "name: message" on standard error and returns status 1.
func (p *Proc) errorf(format string, args ...any) int {
	fmt.Fprintf(p.Stderr, p.name()+": "+format+"\n", args...)
	return 1
}

func (p *Proc) printf(format string, args ...any) { fmt.Fprintf(p.Stdout, format, args...) }

// user is the effective user.
func (p *Proc) user() string {
	if u := p.Env["USER"]; u != "" {
		return u
	}
	return "root"
}

func (p *Proc) root() bool { return p.user() == "root" }

// abs turns a path into an absolute, clean one.
func (p *Proc) abs(name string) string {
	if name == "~" || strings.HasPrefix(name, "~/") {
		name = p.Env["HOME"] + name[1:]
	}
	if !strings.HasPrefix(name, "/") {
		name = p.Dir + "/" + name
	}
	return path.Clean(name)
}

// under reports whether p is dir or inside it.
func under(p, dir string) bool {
	return p == dir || dir == "/" || strings.HasPrefix(p, dir+"/")
}

// writable reports whether the user may change the file or directory at the
// absolute path: root anywhere, others in their home and the temporary directories.
func (p *Proc) writable(abs string) bool {
	if p.root() {
		return true
	}
	return under(abs, distro.Home(p.user())) || under(abs, "/tmp") || under(abs, "/var/tmp") || abs == "/dev/null"
}

// readable reports whether the user may read below the absolute path.
func (p *Proc) readable(abs string) bool {
	if p.root() {
		return true
	}
	for _, private := range []string{"/root", "/var/log/httpd", "/var/log/nginx", "/var/log/apache2", "/etc/sudoers"} {
		if under(abs, private) {
			return false
		}
	}
	return true
}

var errPermission = syscall.EACCES

// checkWrite returns a permission error when the user may not change abs.
func (p *Proc) checkWrite(abs string) error {
	if !p.writable(abs) {
		return &fs.PathError{Op: "write", Path: abs, Err: errPermission}
	}
	return nil
}

// open opens a file for reading, honouring /dev/null, /dev/zero and /dev/stdin.
func (p *Proc) open(name string) (io.ReadCloser, error) {
	abs := p.abs(name)
	switch abs {
	case "/dev/null":
		return io.NopCloser(strings.NewReader("")), nil
	case "/dev/zero":
		return io.NopCloser(zeros{}), nil
	case "/dev/stdin":
		return io.NopCloser(p.Stdin), nil
	}
	if !p.readable(abs) {
		return nil, &fs.PathError{Op: "open", Path: abs, Err: errPermission}
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: abs, Err: syscall.EISDIR}
	}
	return os.Open(abs)
}

type zeros struct{}

func (zeros) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// create opens a file for writing (appending or truncating), checking permissions.
func (p *Proc) create(name string, appendTo bool) (io.WriteCloser, error) {
	abs := p.abs(name)
	switch abs {
	case "/dev/null":
		return nopWriteCloser{io.Discard}, nil
	case "/dev/stdout":
		return nopWriteCloser{p.Stdout}, nil
	case "/dev/stderr":
		return nopWriteCloser{p.Stderr}, nil
	}
	if err := p.checkWrite(abs); err != nil {
		return nil, err
	}
	flag := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if appendTo {
		flag = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	}
	return os.OpenFile(abs, flag, 0o644)
}

// readFile reads a whole file with the permission rules of open.
func (p *Proc) readFile(name string) ([]byte, error) {
	f, err := p.open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxFileRead))
}

// maxFileRead bounds what one read of a whole file takes into memory.
const maxFileRead = 64 << 20

// writeFile replaces a file as root would (no permission check): for the
// system's own programs (package manager, services, cloud-init).
func writeFile(abs string, data []byte) error {
	if err := os.MkdirAll(path.Dir(abs), 0o755); err != nil {
		return err
	}
	return os.WriteFile(abs, data, 0o644)
}

// appendFile appends to a file as root would, creating it.
func appendFile(abs string, data []byte) error {
	if err := os.MkdirAll(path.Dir(abs), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(abs, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// exists reports whether a path exists.
func exists(abs string) bool {
	_, err := os.Stat(abs)
	return err == nil
}

// errText is the C library's message for an error, as Linux programs print it.
func errText(err error) string {
	var errno syscall.Errno
	switch {
	case errors.As(err, &errno):
		switch errno {
		case syscall.ENOENT:
			return "No such file or directory"
		case syscall.EEXIST:
			return "File exists"
		case syscall.EACCES, syscall.EPERM:
			return "Permission denied"
		case syscall.ENOTDIR:
			return "Not a directory"
		case syscall.EISDIR:
			return "Is a directory"
		case syscall.ENOTEMPTY:
			return "Directory not empty"
		case syscall.ENOSPC, syscall.EIO:
			// The runtime reports a full volume as EIO (WASI has no ENOSPC).
			return "No space left on device"
		case syscall.EROFS:
			return "Read-only file system"
		case syscall.EXDEV:
			return "Invalid cross-device link"
		case syscall.EINVAL:
			return "Invalid argument"
		}
		s := errno.Error()
		return strings.ToUpper(s[:1]) + s[1:]
	case errors.Is(err, fs.ErrNotExist):
		return "No such file or directory"
	case errors.Is(err, fs.ErrExist):
		return "File exists"
	case errors.Is(err, fs.ErrPermission):
		return "Permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return errText(pe.Err)
	}
	return err.Error()
}

// flags splits arguments into single-letter options (combined like -la) and
// operands; long options are kept as-is in long. "--" ends the options.
func flags(args []string) (short map[rune]bool, long []string, operands []string) {
	short = map[rune]bool{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return short, long, append(operands, args[i+1:]...)
		case strings.HasPrefix(a, "--"):
			long = append(long, a)
		case len(a) > 1 && a[0] == '-':
			for _, r := range a[1:] {
				short[r] = true
			}
		default:
			operands = append(operands, a)
		}
	}
	return short, long, operands
}

func hasLong(long []string, names ...string) bool {
	for _, l := range long {
		for _, n := range names {
			if l == n {
				return true
			}
		}
	}
	return false
}

// info reads the runtime's description of the machine (/proc/amilab/info,
// key=value lines): instance id, OS, architecture, boot time.
func info() map[string]string {
	out := map[string]string{}
	data, _ := os.ReadFile("/proc/amilab/info")
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			out[k] = v
		}
	}
	return out
}

// thisOS is the operating system of the machine.
func thisOS() distro.OS { return distro.Lookup(info()["os"]) }

// hostname is the machine's host name.
func hostname() string {
	data, err := os.ReadFile("/proc/sys/kernel/hostname")
	if err != nil {
		return "localhost"
	}
	return strings.TrimSpace(string(data))
}
