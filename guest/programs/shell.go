package programs

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"amilab/guest/distro"
)

// shell runs scripts: the login shell of a connection, sh -c, script files,
// command substitutions.
type shell struct {
	p       *Proc
	name    string   // $0, and the prefix of the shell's own messages
	args    []string // $1 …
	status  int
	exited  bool
	errexit bool
	login   bool // the session's shell: exit ends the session
}

// maxPipeBytes bounds what one stage of a pipeline or a command
// substitution may produce.
const maxPipeBytes = 4 << 20

func shellMain(p *Proc) int {
	sh := &shell{p: p, name: p.name()}
	args := p.Args[1:]
	script, haveScript := "", false
	for len(args) > 0 && len(args[0]) > 1 && (args[0][0] == '-' || args[0][0] == '+') && !haveScript {
		opt := args[0]
		args = args[1:]
		switch opt {
		case "-c":
			if len(args) == 0 {
				return p.errorf("-c: option requires an argument")
			}
			script, haveScript, args = args[0], true, args[1:]
			if len(args) > 0 {
				sh.name, args = args[0], args[1:]
			}
		case "-e":
			sh.errexit = true
		case "-x", "-l", "-i", "--login", "-s", "-u", "+e", "+x", "--norc", "--noprofile":
		case "--version":
			p.printf("GNU bash, version 5.2.15(1)-release (%s-amazon-linux-gnu)\n", distro.Machine(info()["arch"]))
			return 0
		default:
			return p.errorf("%s: invalid option", opt)
		}
	}
	switch {
	case haveScript:
		sh.login = p.depth == 0 && p.Env["AMILAB_SESSION"] != ""
		if sh.login {
			sh.name = "-bash"
			delete(p.Env, "AMILAB_SESSION")
		}
	case len(args) > 0:
		data, err := p.readFile(args[0])
		if err != nil {
			fmt.Fprintf(p.Stderr, "%s: %s: %s\n", p.name(), args[0], errText(err))
			return 127
		}
		script, sh.name, args = string(data), args[0], args[1:]
	default:
		data, _ := io.ReadAll(io.LimitReader(p.Stdin, maxPipeBytes))
		script = string(data)
	}
	sh.args = args
	return sh.run(script)
}

func (sh *shell) run(script string) int {
	list, err := parseScript(script)
	if err != nil {
		fmt.Fprintf(sh.p.Stderr, "%s: %s\n", sh.name, err)
		return 2
	}
	for _, ao := range list {
		sh.status = sh.andOr(ao)
		sh.applySwitch()
		if sh.exited || (sh.errexit && sh.status != 0) {
			break
		}
	}
	return sh.status
}

// applySwitch makes the login shell continue as the user a command switched to.
func (sh *shell) applySwitch() {
	s := sh.p.sess
	if !sh.login || s.switched == "" {
		return
	}
	asUser(sh.p.Env, s.switched)
	sh.p.Dir = sh.p.Env["HOME"]
	sh.p.Env["PWD"] = sh.p.Dir
	s.switched = ""
}

func (sh *shell) andOr(ao *andOr) int {
	status := sh.pipeline(ao.pipes[0])
	for i, op := range ao.ops {
		if sh.exited {
			break
		}
		if (op == "&&") == (status == 0) {
			status = sh.pipeline(ao.pipes[i+1])
		}
	}
	return status
}

func (sh *shell) pipeline(pl *pipeline) int {
	in := sh.p.Stdin
	status := 0
	for i, c := range pl.cmds {
		out := sh.p.Stdout
		var buf *cappedBuffer
		if i < len(pl.cmds)-1 {
			buf = &cappedBuffer{limit: maxPipeBytes}
			out = buf
		}
		status = sh.command(c, in, out)
		if buf != nil {
			in = bytes.NewReader(buf.Bytes())
		}
		if sh.exited {
			break
		}
	}
	if pl.not {
		if status == 0 {
			return 1
		}
		return 0
	}
	return status
}

// cappedBuffer keeps the first limit bytes written and then fails writes.
// (It has no ReadFrom, so io.Copy cannot bypass the limit.)
type cappedBuffer struct {
	buf   bytes.Buffer
	limit int
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if b.buf.Len()+len(p) > b.limit {
		return 0, io.ErrShortWrite
	}
	return b.buf.Write(p)
}

func (b *cappedBuffer) Bytes() []byte  { return b.buf.Bytes() }
func (b *cappedBuffer) String() string { return b.buf.String() }

// command runs one simple command with its redirections.
func (sh *shell) command(c *command, stdin io.Reader, stdout io.Writer) int {
	p := sh.p
	var argv []string
	for _, w := range c.words {
		fields, err := sh.expand(w)
		if err != nil {
			fmt.Fprintf(p.Stderr, "%s: %v\n", sh.name, err)
			return 1
		}
		argv = append(argv, fields...)
	}
	assigns := map[string]string{}
	for _, a := range c.assigns {
		assigns[a.name] = sh.expandString(a.value)
	}
	fds := [3]io.Writer{nil, stdout, p.Stderr}
	in := stdin
	var closers []io.Closer
	defer func() {
		for _, cl := range closers {
			cl.Close()
		}
	}()
	for _, r := range c.redirs {
		switch r.op {
		case "<<":
			in = strings.NewReader(r.body[0].text)
		case "<<e":
			body, err := parseHeredoc(r.body[0].text)
			if err != nil {
				fmt.Fprintf(p.Stderr, "%s: %v\n", sh.name, err)
				return 1
			}
			in = strings.NewReader(sh.expandString(body))
		case "<":
			name := sh.expandString(r.target)
			f, err := p.open(name)
			if err != nil {
				fmt.Fprintf(p.Stderr, "%s: %s: %s\n", sh.name, name, errText(err))
				return 1
			}
			closers = append(closers, f)
			in = f
		case ">&":
			target := sh.expandString(r.target)
			if n, err := strconv.Atoi(target); err == nil && n >= 1 && n <= 2 && r.fd >= 1 && r.fd <= 2 {
				fds[r.fd] = fds[n]
				continue
			}
			if target == "-" {
				continue
			}
			r = &redir{fd: -1, op: ">", target: r.target}
			fallthrough
		case ">", ">>":
			name := sh.expandString(r.target)
			f, err := p.create(name, r.op == ">>")
			if err != nil {
				fmt.Fprintf(p.Stderr, "%s: %s: %s\n", sh.name, name, errText(err))
				return 1
			}
			closers = append(closers, f)
			switch r.fd {
			case -1:
				fds[1], fds[2] = f, f
			case 1, 2:
				fds[r.fd] = f
			}
		}
	}
	if len(argv) == 0 {
		for k, v := range assigns {
			p.Env[k] = v
		}
		return sh.status
	}
	std := stdio{in: in, out: fds[1], err: fds[2]}
	if b, ok := builtins[argv[0]]; ok {
		return b(sh, argv, std)
	}
	child := p.child(argv)
	for k, v := range assigns {
		child.Env[k] = v
	}
	child.Stdin, child.Stdout, child.Stderr = std.in, std.out, std.err
	return runProgram(child, sh.name)
}

type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// resolve finds what a command name runs: an applet (a program stub on the
// disk) or a script file. A status other than 0 means it cannot run; msg
// says why.
func resolve(p *Proc, name string) (applet, script string, status int, msg string) {
	try := func(abs string) (string, string, bool) {
		st, err := os.Stat(abs)
		if err != nil || st.IsDir() {
			return "", "", false
		}
		data, err := os.ReadFile(abs)
		if err != nil {
			return "", "", false
		}
		if a, ok := distro.Applet(data); ok {
			return a, "", true
		}
		return "", abs, true
	}
	if strings.Contains(name, "/") {
		abs := p.abs(name)
		if st, err := os.Stat(abs); err != nil {
			return "", "", 127, name + ": " + errText(err)
		} else if st.IsDir() {
			return "", "", 126, name + ": Is a directory"
		}
		if !p.readable(abs) {
			return "", "", 126, name + ": Permission denied"
		}
		a, s, _ := try(abs)
		return a, s, 0, ""
	}
	for _, dir := range strings.Split(p.Env["PATH"], ":") {
		if dir == "" {
			continue
		}
		if a, s, ok := try(path.Join(dir, name)); ok {
			return a, s, 0, ""
		}
	}
	// Root volumes made before program stubs existed run the base programs directly.
	if !exists("/usr/bin/sh") {
		for _, c := range thisOS().Commands() {
			if c.Name == name {
				return name, "", 0, ""
			}
		}
	}
	return "", "", 127, name + ": command not found"
}

// runProgram runs p.Args as a program found on the disk. prefix starts the
// messages about a command that cannot run.
func runProgram(p *Proc, prefix string) (status int) {
	name, script, status, msg := resolve(p, p.Args[0])
	if status != 0 {
		fmt.Fprintf(p.Stderr, "%s: %s\n", prefix, msg)
		return status
	}
	if script != "" {
		p.Args = append([]string{"sh", script}, p.Args[1:]...)
		return shellMain(p)
	}
	a, ok := applets[name]
	if !ok {
		fmt.Fprintf(p.Stderr, "%s: %s: cannot execute binary file: Exec format error\n", prefix, p.Args[0])
		return 126
	}
	return runApplet(a, p)
}

// runApplet runs an applet, turning a bug's panic into a message.
func runApplet(a applet, p *Proc) (status int) {
	defer func() {
		if r := recover(); r != nil {
			if err, ok := r.(error); ok && strings.Contains(err.Error(), "stack") {
				panic(r)
			}
			fmt.Fprintf(p.Stderr, "%s: internal error: %v\n", p.name(), r)
			status = 134
		}
	}()
	return a(p)
}

// expand turns a word into fields: variables and substitutions, field
// splitting of unquoted expansions, ~ and file name globbing.
func (sh *shell) expand(w word) ([]string, error) {
	var fields []string
	var text, pattern strings.Builder
	started, glob := false, false
	emit := func() {
		if started {
			if glob {
				if matches := sh.glob(pattern.String()); len(matches) > 0 {
					fields = append(fields, matches...)
				} else {
					fields = append(fields, text.String())
				}
			} else {
				fields = append(fields, text.String())
			}
		}
		text.Reset()
		pattern.Reset()
		started, glob = false, false
	}
	add := func(s string, globbable bool) {
		text.WriteString(s)
		if globbable {
			pattern.WriteString(s)
			if strings.ContainsAny(s, "*?[") {
				glob = true
			}
		} else {
			for _, r := range s {
				if strings.ContainsRune("*?[]\\", r) {
					pattern.WriteRune('\\')
				}
				pattern.WriteRune(r)
			}
		}
		started = true
	}
	for i, pt := range w {
		switch {
		case pt.kind == lit:
			s := pt.text
			if i == 0 && !pt.quoted && (s == "~" || strings.HasPrefix(s, "~/")) {
				add(sh.p.Env["HOME"], false)
				s = s[1:]
			}
			if s != "" || pt.quoted {
				add(s, !pt.quoted)
			}
		case pt.quoted:
			add(sh.value(pt), false)
		default:
			v := sh.value(pt)
			if v == "" {
				continue
			}
			pieces := strings.Fields(v)
			if len(pieces) > 0 && strings.TrimLeft(v, " \t\n") != v {
				emit()
			}
			for j, piece := range pieces {
				if j > 0 {
					emit()
				}
				add(piece, false)
			}
			if len(pieces) > 0 && strings.TrimRight(v, " \t\n") != v {
				emit()
			}
		}
	}
	emit()
	return fields, nil
}

// expandString expands a word without splitting or globbing.
func (sh *shell) expandString(w word) string {
	var b strings.Builder
	for i, pt := range w {
		if pt.kind == lit {
			s := pt.text
			if i == 0 && !pt.quoted && (s == "~" || strings.HasPrefix(s, "~/")) {
				s = sh.p.Env["HOME"] + s[1:]
			}
			b.WriteString(s)
			continue
		}
		b.WriteString(sh.value(pt))
	}
	return b.String()
}

// value is what a variable or command substitution expands to.
func (sh *shell) value(pt part) string {
	if pt.kind == subst {
		return sh.substitute(pt.text)
	}
	v, set := sh.lookup(pt.text)
	if pt.hasDef && (!set || v == "") {
		return sh.expandString(word{{kind: lit, text: pt.def}})
	}
	return v
}

func (sh *shell) lookup(name string) (string, bool) {
	switch name {
	case "?":
		return strconv.Itoa(sh.status), true
	case "$":
		return "2468", true
	case "!":
		return "", false
	case "#":
		return strconv.Itoa(len(sh.args)), true
	case "@", "*":
		return strings.Join(sh.args, " "), true
	case "0":
		return sh.name, true
	}
	if n, err := strconv.Atoi(name); err == nil {
		if n >= 1 && n <= len(sh.args) {
			return sh.args[n-1], true
		}
		return "", false
	}
	v, ok := sh.p.Env[name]
	return v, ok
}

// substitute runs a command substitution and returns its output without
// trailing newlines.
func (sh *shell) substitute(script string) string {
	var buf cappedBuffer
	buf.limit = maxPipeBytes
	child := sh.p.child([]string{sh.name})
	child.Stdout = &buf
	sub := &shell{p: child, name: sh.name, args: sh.args}
	sh.status = sub.run(script)
	return strings.TrimRight(buf.String(), "\n")
}

// glob expands a file name pattern, relative to the working directory.
func (sh *shell) glob(pattern string) []string {
	abs := pattern
	if !strings.HasPrefix(pattern, "/") {
		abs = sh.p.Dir + "/" + pattern
	}
	matches, err := filepath.Glob(abs)
	if err != nil {
		return nil
	}
	hiddenOK := strings.HasPrefix(path.Base(pattern), ".")
	var out []string
	for _, m := range matches {
		if !hiddenOK && strings.HasPrefix(path.Base(m), ".") {
			continue
		}
		if !strings.HasPrefix(pattern, "/") {
			m = strings.TrimPrefix(strings.TrimPrefix(m, sh.p.Dir), "/")
		}
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}
