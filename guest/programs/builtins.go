package programs

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"amilab/guest/distro"
)

type builtin func(sh *shell, argv []string, std stdio) int

var builtins map[string]builtin

func init() {
	builtins = map[string]builtin{
		"cd": cd, "export": export, "unset": unset, "exit": exit, "logout": exit, "set": set,
		"source": source, ".": source, "exec": execBuiltin, "type": typeBuiltin, "shift": shift,
		":": trueBuiltin, "alias": trueBuiltin, "unalias": trueBuiltin, "umask": trueBuiltin,
		"hash": trueBuiltin, "wait": trueBuiltin, "history": trueBuiltin,
	}
	// Programs that bash also has built in run in the shell's own process.
	for _, name := range []string{"echo", "printf", "pwd", "true", "false", "test", "["} {
		builtins[name] = appletBuiltin(name)
	}
}

func appletBuiltin(name string) builtin {
	return func(sh *shell, argv []string, std stdio) int {
		p := sh.p.child(argv)
		p.Stdin, p.Stdout, p.Stderr = std.in, std.out, std.err
		return applets[name](p)
	}
}

func trueBuiltin(*shell, []string, stdio) int { return 0 }

func cd(sh *shell, argv []string, std stdio) int {
	p := sh.p
	dir := p.Env["HOME"]
	if len(argv) > 1 {
		dir = argv[1]
	}
	if dir == "-" {
		dir = p.Env["OLDPWD"]
		fmt.Fprintln(std.out, dir)
	}
	abs := p.abs(dir)
	st, err := os.Stat(abs)
	switch {
	case err != nil:
		fmt.Fprintf(std.err, "%s: cd: %s: %s\n", sh.name, dir, errText(err))
		return 1
	case !st.IsDir():
		fmt.Fprintf(std.err, "%s: cd: %s: Not a directory\n", sh.name, dir)
		return 1
	case !p.readable(abs):
		fmt.Fprintf(std.err, "%s: cd: %s: Permission denied\n", sh.name, dir)
		return 1
	}
	p.Env["OLDPWD"] = p.Dir
	p.Dir = abs
	p.Env["PWD"] = abs
	return 0
}

func export(sh *shell, argv []string, std stdio) int {
	if len(argv) == 1 || argv[1] == "-p" {
		keys := make([]string, 0, len(sh.p.Env))
		for k := range sh.p.Env {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(std.out, "declare -x %s=%q\n", k, sh.p.Env[k])
		}
		return 0
	}
	for _, a := range argv[1:] {
		name, value, ok := strings.Cut(a, "=")
		if !validName(name) {
			fmt.Fprintf(std.err, "%s: export: `%s': not a valid identifier\n", sh.name, a)
			return 1
		}
		if ok {
			sh.p.Env[name] = value
		} else if _, set := sh.p.Env[name]; !set {
			sh.p.Env[name] = ""
		}
	}
	return 0
}

func unset(sh *shell, argv []string, _ stdio) int {
	for _, name := range argv[1:] {
		delete(sh.p.Env, name)
	}
	return 0
}

func exit(sh *shell, argv []string, std stdio) int {
	status := sh.status
	if len(argv) > 1 {
		n, err := strconv.Atoi(argv[1])
		if err != nil {
			fmt.Fprintf(std.err, "%s: exit: %s: numeric argument required\n", sh.name, argv[1])
			n = 2
		}
		status = n & 255
	}
	sh.exited = true
	if sh.login {
		fmt.Fprintln(std.out, "logout")
		s := sh.p.sess
		if s.user != s.login {
			switchUser(sh.p, s.login)
		} else {
			s.closed = true
		}
	}
	return status
}

func set(sh *shell, argv []string, std stdio) int {
	if len(argv) == 1 {
		keys := make([]string, 0, len(sh.p.Env))
		for k := range sh.p.Env {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(std.out, "%s=%s\n", k, sh.p.Env[k])
		}
		return 0
	}
	for i := 1; i < len(argv); i++ {
		a := argv[i]
		switch {
		case a == "-o" || a == "+o":
			if i+1 < len(argv) && argv[i+1] == "errexit" {
				sh.errexit = a == "-o"
			}
			i++
		case a == "--":
			sh.args = argv[i+1:]
			return 0
		case strings.HasPrefix(a, "-") || strings.HasPrefix(a, "+"):
			if strings.ContainsRune(a, 'e') {
				sh.errexit = a[0] == '-'
			}
		default:
			sh.args = argv[i:]
			return 0
		}
	}
	return 0
}

func source(sh *shell, argv []string, std stdio) int {
	if len(argv) < 2 {
		fmt.Fprintf(std.err, "%s: %s: filename argument required\n", sh.name, argv[0])
		return 2
	}
	data, err := sh.p.readFile(argv[1])
	if err != nil {
		fmt.Fprintf(std.err, "%s: %s: %s\n", sh.name, argv[1], errText(err))
		return 1
	}
	return sh.run(string(data))
}

func execBuiltin(sh *shell, argv []string, std stdio) int {
	if len(argv) == 1 {
		return 0
	}
	child := sh.p.child(argv[1:])
	child.Stdin, child.Stdout, child.Stderr = std.in, std.out, std.err
	status := runProgram(child, sh.name)
	sh.exited = true
	return status
}

func typeBuiltin(sh *shell, argv []string, std stdio) int {
	status := 0
	for _, name := range argv[1:] {
		if _, ok := builtins[name]; ok {
			fmt.Fprintf(std.out, "%s is a shell builtin\n", name)
			continue
		}
		if where := lookPath(sh.p, name); where != "" {
			fmt.Fprintf(std.out, "%s is %s\n", name, where)
			continue
		}
		fmt.Fprintf(std.err, "%s: type: %s: not found\n", sh.name, name)
		status = 1
	}
	return status
}

func shift(sh *shell, argv []string, _ stdio) int {
	n := 1
	if len(argv) > 1 {
		n, _ = strconv.Atoi(argv[1])
	}
	if n > len(sh.args) || n < 0 {
		return 1
	}
	sh.args = sh.args[n:]
	return 0
}

// lookPath is the file a command name runs from, or "".
func lookPath(p *Proc, name string) string {
	if strings.Contains(name, "/") {
		if exists(p.abs(name)) {
			return p.abs(name)
		}
		return ""
	}
	for _, dir := range strings.Split(p.Env["PATH"], ":") {
		if dir != "" {
			if st, err := os.Stat(dir + "/" + name); err == nil && !st.IsDir() {
				return dir + "/" + name
			}
		}
	}
	return ""
}

// rootPath is the PATH sudo gives commands (its secure_path).
const rootPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// userPath is the login PATH of an ordinary user.
func userPath(user string) string {
	home := distro.Home(user)
	return home + "/.local/bin:" + home + "/bin:/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin"
}

// asUser sets the variables that name the user in an environment.
func asUser(env map[string]string, user string) {
	env["USER"], env["LOGNAME"], env["HOME"] = user, user, distro.Home(user)
	if user == "root" {
		env["PATH"] = rootPath
	} else {
		env["PATH"] = userPath(user)
	}
}

// switchUser makes the session continue as another user (sudo -i, su -, exit).
// The login shell applies the switch after the command.
func switchUser(p *Proc, user string) {
	p.sess.user = user
	p.sess.switched = user
}

func sudo(p *Proc) int {
	args := p.Args[1:]
	login := false
	target := "root"
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		opt := args[0]
		args = args[1:]
		switch opt {
		case "--":
			goto run
		case "-i", "-s", "--login", "--shell":
			login = true
		case "-u":
			if len(args) == 0 {
				return p.errorf("option requires an argument -- 'u'")
			}
			target, args = args[0], args[1:]
		case "-E", "-n", "-H", "-S", "-k":
		case "-V", "--version":
			p.printf("Sudo version 1.9.15p5\n")
			return 0
		case "-l":
			p.printf("User %s may run the following commands on %s:\n    (ALL) NOPASSWD: ALL\n", p.user(), hostname())
			return 0
		default:
			return p.errorf("invalid option -- '%s'", strings.TrimLeft(opt, "-"))
		}
	}
run:
	if len(args) == 0 {
		if login {
			switchUser(p, target)
			return 0
		}
		fmt.Fprintln(p.Stderr, "usage: sudo -h | -K | -k | -V\nusage: sudo [-AbEHknPS] [-u user] command [arg ...]")
		return 1
	}
	child := p.child(args)
	child.Env["SUDO_USER"] = p.user()
	asUser(child.Env, target)
	return runProgram(child, "sudo")
}

func su(p *Proc) int {
	target := "root"
	for _, a := range p.Args[1:] {
		if a != "-" && !strings.HasPrefix(a, "-") {
			target = a
		}
	}
	if !p.root() {
		fmt.Fprintln(p.Stdout, "Password: ")
		return p.errorf("Authentication failure")
	}
	switchUser(p, target)
	return 0
}
