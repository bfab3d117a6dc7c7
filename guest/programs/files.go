package programs

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

var fileApplets = map[string]applet{
	"ls": ls, "cat": cat, "echo": echo, "printf": printfApplet, "mkdir": mkdir, "rmdir": rmdir, "rm": rm,
	"touch": touch, "cp": cp, "mv": mv, "pwd": pwd, "head": head, "tail": tail, "wc": wc, "grep": grep,
	"tee": tee, "stat": stat, "du": du, "find": find, "basename": basename, "dirname": dirname,
	"chmod": chmodApplet, "chown": chmodApplet, "test": test, "[": test,
}

// terminal reports whether the program writes straight to the connection
// (rather than into a pipe or a file), as isatty would.
func (p *Proc) terminal() bool { return p.Stdout == os.Stdout }

// owner is who owns a path, by the sandbox's convention: a user owns their home.
func owner(abs string) string {
	if strings.HasPrefix(abs, "/home/") {
		if u, _, _ := strings.Cut(strings.TrimPrefix(abs, "/home/"), "/"); u != "" {
			return u
		}
	}
	return "root"
}

func isProgram(abs string, st fs.FileInfo) bool {
	if st.IsDir() || st.Size() > 200 {
		return false
	}
	data, err := os.ReadFile(abs)
	return err == nil && (bytes.HasPrefix(data, []byte("#!")))
}

func modeString(abs string, st fs.FileInfo) string {
	switch {
	case st.IsDir():
		if abs == "/tmp" {
			return "drwxrwxrwt."
		}
		return "drwxr-xr-x."
	case isProgram(abs, st):
		return "-rwxr-xr-x."
	}
	return "-rw-r--r--."
}

func human(n int64) string {
	if n < 1024 {
		return strconv.FormatInt(n, 10)
	}
	units := "KMGTP"
	v := float64(n)
	for i := 0; i < len(units); i++ {
		v /= 1024
		if v < 1024 || i == len(units)-1 {
			if v < 10 {
				return fmt.Sprintf("%.1f%c", v, units[i])
			}
			return fmt.Sprintf("%.0f%c", v, units[i])
		}
	}
	return strconv.FormatInt(n, 10)
}

func ls(p *Proc) int {
	opt, _, operands := flags(p.Args[1:])
	if len(operands) == 0 {
		operands = []string{"."}
	}
	status := 0
	var files []string
	var dirs []string
	for _, o := range operands {
		abs := p.abs(o)
		st, err := os.Stat(abs)
		if err != nil {
			fmt.Fprintf(p.Stderr, "ls: cannot access '%s': %s\n", o, errText(err))
			status = 2
			continue
		}
		if st.IsDir() && !opt['d'] {
			dirs = append(dirs, o)
		} else {
			files = append(files, o)
		}
	}
	long := opt['l']
	printNames := func(dir string, names []string) {
		if long {
			for _, n := range names {
				abs := p.abs(path.Join(dir, n))
				if dir == "" {
					abs = p.abs(n)
				}
				st, err := os.Stat(abs)
				if err != nil {
					continue
				}
				size := st.Size()
				if st.IsDir() {
					size = 4096
				}
				sz := strconv.FormatInt(size, 10)
				if opt['h'] {
					sz = human(size)
				}
				o := owner(abs)
				fmt.Fprintf(p.Stdout, "%s 1 %s %s %5s %s %s\n", modeString(abs, st), o, o, sz, st.ModTime().UTC().Format("Jan _2 15:04"), n)
			}
			return
		}
		columns(p, names)
	}
	sort.Strings(files)
	sort.Strings(dirs)
	printNames("", files)
	for i, d := range dirs {
		abs := p.abs(d)
		if !p.readable(abs) {
			fmt.Fprintf(p.Stderr, "ls: cannot open directory '%s': Permission denied\n", d)
			status = 2
			continue
		}
		entries, err := os.ReadDir(abs)
		if err != nil {
			fmt.Fprintf(p.Stderr, "ls: cannot open directory '%s': %s\n", d, errText(err))
			status = 2
			continue
		}
		if len(dirs) > 1 || len(files) > 0 {
			if i > 0 || len(files) > 0 {
				fmt.Fprintln(p.Stdout)
			}
			fmt.Fprintf(p.Stdout, "%s:\n", d)
		}
		var names []string
		if opt['a'] {
			names = append(names, ".", "..")
		}
		var total int64
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") && !opt['a'] && !opt['A'] {
				continue
			}
			names = append(names, e.Name())
			if info, err := e.Info(); err == nil {
				total += (info.Size() + 1023) / 1024
			}
		}
		if long {
			fmt.Fprintf(p.Stdout, "total %d\n", total)
		}
		if opt['1'] {
			for _, n := range names {
				fmt.Fprintln(p.Stdout, n)
			}
			continue
		}
		printNames(d, names)
	}
	return status
}

// columns prints names in columns across an 80-column terminal, or one per
// line into a pipe.
func columns(p *Proc, names []string) {
	if len(names) == 0 {
		return
	}
	if !p.terminal() {
		for _, n := range names {
			fmt.Fprintln(p.Stdout, n)
		}
		return
	}
	width := 0
	for _, n := range names {
		width = max(width, len(n)+2)
	}
	cols := max(1, 80/width)
	rows := (len(names) + cols - 1) / cols
	for r := 0; r < rows; r++ {
		var line strings.Builder
		for c := 0; c < cols; c++ {
			i := c*rows + r
			if i >= len(names) {
				break
			}
			if c < cols-1 && (c+1)*rows+r < len(names) {
				fmt.Fprintf(&line, "%-*s", width, names[i])
			} else {
				line.WriteString(names[i])
			}
		}
		fmt.Fprintln(p.Stdout, strings.TrimRight(line.String(), " "))
	}
}

// inputs opens the files named (or standard input for none or "-") one at a
// time; fn returns false to stop. Failures are reported; the status is 1 if any.
func (p *Proc) inputs(names []string, fn func(name string, r io.Reader) bool) int {
	if len(names) == 0 {
		names = []string{"-"}
	}
	status := 0
	for _, n := range names {
		if n == "-" {
			if !fn(n, p.Stdin) {
				break
			}
			continue
		}
		f, err := p.open(n)
		if err != nil {
			fmt.Fprintf(p.Stderr, "%s: %s: %s\n", p.name(), n, errText(err))
			status = 1
			continue
		}
		more := fn(n, f)
		f.Close()
		if !more {
			break
		}
	}
	return status
}

func cat(p *Proc) int {
	opt, _, operands := flags(p.Args[1:])
	line := 0
	return p.inputs(operands, func(_ string, r io.Reader) bool {
		if !opt['n'] {
			_, err := io.Copy(p.Stdout, r)
			return err == nil
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line++
			if _, err := fmt.Fprintf(p.Stdout, "%6d\t%s\n", line, sc.Text()); err != nil {
				return false
			}
		}
		return true
	})
}

func echo(p *Proc) int {
	args := p.Args[1:]
	newline, escapes := true, false
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && strings.Trim(args[0][1:], "neE") == "" {
		for _, c := range args[0][1:] {
			switch c {
			case 'n':
				newline = false
			case 'e':
				escapes = true
			case 'E':
				escapes = false
			}
		}
		args = args[1:]
	}
	s := strings.Join(args, " ")
	if escapes {
		s = unescape(s)
	}
	if newline {
		s += "\n"
	}
	io.WriteString(p.Stdout, s)
	return 0
}

// unescape interprets backslash escapes as echo -e and printf do.
func unescape(s string) string {
	r := strings.NewReplacer(`\n`, "\n", `\t`, "\t", `\\`, `\`, `\r`, "\r", `\a`, "\a", `\e`, "\x1b", `\033`, "\x1b", `\0`, "")
	return r.Replace(s)
}

func printfApplet(p *Proc) int {
	if len(p.Args) < 2 {
		fmt.Fprintln(p.Stderr, "printf: usage: printf format [arguments]")
		return 2
	}
	format, args := unescape(p.Args[1]), p.Args[2:]
	for {
		var out strings.Builder
		used := 0
		for i := 0; i < len(format); i++ {
			c := format[i]
			if c != '%' || i+1 >= len(format) {
				out.WriteByte(c)
				continue
			}
			j := i + 1
			for j < len(format) && strings.IndexByte("-0123456789.", format[j]) >= 0 {
				j++
			}
			if j >= len(format) {
				out.WriteString(format[i:])
				break
			}
			spec, verb := format[i+1:j], format[j]
			i = j
			arg := ""
			if verb != '%' && used < len(args) {
				arg = args[used]
				used++
			}
			switch verb {
			case '%':
				out.WriteByte('%')
			case 'd', 'i':
				n, _ := strconv.ParseInt(arg, 10, 64)
				fmt.Fprintf(&out, "%"+spec+"d", n)
			case 'b':
				out.WriteString(unescape(arg))
			default:
				fmt.Fprintf(&out, "%"+spec+"s", arg)
			}
		}
		io.WriteString(p.Stdout, out.String())
		args = args[used:]
		if used == 0 || len(args) == 0 {
			return 0
		}
	}
}

// forOperands reports a missing operand (what names it) when there is none,
// and otherwise calls each with every operand and its absolute path; it
// returns the status of the last call that failed, or 0.
func (p *Proc) forOperands(operands []string, what string, each func(o, abs string) int) int {
	if len(operands) == 0 {
		return p.errorf("missing %s", what)
	}
	status := 0
	for _, o := range operands {
		if s := each(o, p.abs(o)); s != 0 {
			status = s
		}
	}
	return status
}

func mkdir(p *Proc) int {
	opt, _, operands := flags(p.Args[1:])
	return p.forOperands(operands, "operand", func(o, abs string) int {
		err := p.checkWrite(abs)
		if err == nil {
			if opt['p'] {
				err = os.MkdirAll(abs, 0o755)
			} else {
				err = os.Mkdir(abs, 0o755)
			}
		}
		if err != nil {
			return p.errorf("cannot create directory '%s': %s", o, errText(err))
		}
		if opt['v'] {
			p.printf("mkdir: created directory '%s'\n", o)
		}
		return 0
	})
}

func rmdir(p *Proc) int {
	_, _, operands := flags(p.Args[1:])
	return p.forOperands(operands, "operand", func(o, abs string) int {
		err := p.checkWrite(abs)
		if err == nil {
			var st fs.FileInfo
			if st, err = os.Stat(abs); err == nil && !st.IsDir() {
				err = syscall.ENOTDIR
			} else if err == nil {
				err = os.Remove(abs)
			}
		}
		if err != nil {
			return p.errorf("failed to remove '%s': %s", o, errText(err))
		}
		return 0
	})
}

func rm(p *Proc) int {
	opt, long, operands := flags(p.Args[1:])
	recursive, force := opt['r'] || opt['R'] || hasLong(long, "--recursive"), opt['f'] || hasLong(long, "--force")
	if len(operands) == 0 && force {
		return 0
	}
	return p.forOperands(operands, "operand", func(o, abs string) int {
		if abs == "/" && recursive {
			p.errorf("it is dangerous to operate recursively on '/'")
			return p.errorf("use --no-preserve-root to override this failsafe")
		}
		st, err := os.Stat(abs)
		if err != nil {
			if !force {
				return p.errorf("cannot remove '%s': %s", o, errText(err))
			}
			return 0
		}
		if err := p.checkWrite(abs); err != nil {
			return p.errorf("cannot remove '%s': Permission denied", o)
		}
		if st.IsDir() && !recursive && !opt['d'] {
			return p.errorf("cannot remove '%s': Is a directory", o)
		}
		if recursive {
			err = os.RemoveAll(abs)
		} else {
			err = os.Remove(abs)
		}
		if err != nil {
			return p.errorf("cannot remove '%s': %s", o, errText(err))
		}
		if opt['v'] {
			p.printf("removed '%s'\n", o)
		}
		return 0
	})
}

func touch(p *Proc) int {
	_, _, operands := flags(p.Args[1:])
	return p.forOperands(operands, "file operand", func(o, abs string) int {
		if exists(abs) {
			return 0
		}
		f, err := p.create(o, true)
		if err == nil {
			err = f.Close()
		}
		if err != nil {
			return p.errorf("cannot touch '%s': %s", o, errText(err))
		}
		return 0
	})
}

// copyTree copies a file or, recursively, a directory.
func (p *Proc) copyTree(src, dst string) error {
	st, err := os.Stat(src)
	if err != nil {
		return err
	}
	if err := p.checkWrite(dst); err != nil {
		return err
	}
	if !st.IsDir() {
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	}
	if under(dst, src) {
		return fmt.Errorf("cannot copy a directory, '%s', into itself", src)
	}
	if err := os.Mkdir(dst, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := p.copyTree(src+"/"+e.Name(), dst+"/"+e.Name()); err != nil {
			return err
		}
	}
	return nil
}

// targets works out cp and mv destinations: one source to a path, or
// several into a directory.
func (p *Proc) targets(operands []string) ([][2]string, int) {
	if len(operands) < 2 {
		if len(operands) == 0 {
			return nil, p.errorf("missing file operand")
		}
		return nil, p.errorf("missing destination file operand after '%s'", operands[0])
	}
	dst := p.abs(operands[len(operands)-1])
	st, err := os.Stat(dst)
	isDir := err == nil && st.IsDir()
	if len(operands) > 2 && !isDir {
		return nil, p.errorf("target '%s' is not a directory", operands[len(operands)-1])
	}
	var out [][2]string
	for _, o := range operands[:len(operands)-1] {
		d := dst
		if isDir {
			d = dst + "/" + path.Base(p.abs(o))
		}
		out = append(out, [2]string{o, d})
	}
	return out, 0
}

func cp(p *Proc) int {
	opt, _, operands := flags(p.Args[1:])
	pairs, status := p.targets(operands)
	for _, pr := range pairs {
		src := p.abs(pr[0])
		st, err := os.Stat(src)
		if err != nil {
			status = p.errorf("cannot stat '%s': %s", pr[0], errText(err))
			continue
		}
		if st.IsDir() && !(opt['r'] || opt['R'] || opt['a']) {
			status = p.errorf("-r not specified; omitting directory '%s'", pr[0])
			continue
		}
		if err := p.copyTree(src, pr[1]); err != nil {
			if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EACCES) {
				status = p.errorf("cannot create regular file '%s': Permission denied", pr[1])
			} else {
				status = p.errorf("%s", errText(err))
			}
			continue
		}
		if opt['v'] {
			p.printf("'%s' -> '%s'\n", pr[0], pr[1])
		}
	}
	return status
}

func mv(p *Proc) int {
	opt, _, operands := flags(p.Args[1:])
	pairs, status := p.targets(operands)
	for _, pr := range pairs {
		src := p.abs(pr[0])
		if _, err := os.Stat(src); err != nil {
			status = p.errorf("cannot stat '%s': %s", pr[0], errText(err))
			continue
		}
		if p.checkWrite(src) != nil || p.checkWrite(pr[1]) != nil {
			status = p.errorf("cannot move '%s' to '%s': Permission denied", pr[0], pr[1])
			continue
		}
		err := os.Rename(src, pr[1])
		if errors.Is(err, syscall.EXDEV) || errors.Is(err, syscall.ENOSYS) { // another volume
			if err = p.copyTree(src, pr[1]); err == nil {
				err = os.RemoveAll(src)
			}
		}
		if err != nil {
			status = p.errorf("cannot move '%s' to '%s': %s", pr[0], pr[1], errText(err))
			continue
		}
		if opt['v'] {
			p.printf("renamed '%s' -> '%s'\n", pr[0], pr[1])
		}
	}
	return status
}

func pwd(p *Proc) int {
	fmt.Fprintln(p.Stdout, p.Dir)
	return 0
}

// lineCount parses -n N, -nN, -N and -c N options of head and tail; bytes
// reports a count of bytes rather than lines.
func lineCount(args []string) (n int, rest []string, bytes bool, err error) {
	n = 10
	for i := 0; i < len(args); i++ {
		a := args[i]
		var v string
		switch {
		case (a == "-n" || a == "-c") && i+1 < len(args):
			v, bytes = args[i+1], a == "-c"
			i++
		case strings.HasPrefix(a, "-n"), strings.HasPrefix(a, "-c"):
			v, bytes = a[2:], a[1] == 'c'
		case len(a) > 1 && a[0] == '-' && a[1] >= '0' && a[1] <= '9':
			v = a[1:]
		case a == "-f" || a == "-q":
			continue
		default:
			rest = append(rest, a)
			continue
		}
		c, cerr := strconv.Atoi(strings.TrimPrefix(v, "+"))
		if cerr != nil {
			return 0, nil, false, fmt.Errorf("invalid number of lines: '%s'", v)
		}
		n = c
	}
	return n, rest, bytes, nil
}

func head(p *Proc) int { return headTail(p, true) }
func tail(p *Proc) int { return headTail(p, false) }

func headTail(p *Proc, first bool) int {
	n, names, inBytes, err := lineCount(p.Args[1:])
	if err != nil {
		return p.errorf("%v", err)
	}
	return p.inputs(names, func(name string, r io.Reader) bool {
		if len(names) > 1 {
			p.printf("==> %s <==\n", name)
		}
		if inBytes && first {
			io.Copy(p.Stdout, io.LimitReader(r, int64(n)))
			return true
		}
		data, _ := io.ReadAll(io.LimitReader(r, maxFileRead))
		if inBytes {
			p.Stdout.Write(data[max(0, len(data)-n):])
			return true
		}
		lines := strings.SplitAfter(string(data), "\n")
		if len(lines) > 0 && lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		if first {
			lines = lines[:min(n, len(lines))]
		} else {
			lines = lines[max(0, len(lines)-n):]
		}
		io.WriteString(p.Stdout, strings.Join(lines, ""))
		return true
	})
}

func wc(p *Proc) int {
	opt, _, names := flags(p.Args[1:])
	if !opt['l'] && !opt['w'] && !opt['c'] && !opt['m'] {
		opt['l'], opt['w'], opt['c'] = true, true, true
	}
	type counts struct {
		name            string
		lines, words, b int
	}
	var all []counts
	var total counts
	status := p.inputs(names, func(name string, r io.Reader) bool {
		data, _ := io.ReadAll(io.LimitReader(r, maxFileRead))
		c := counts{name: name, lines: bytes.Count(data, []byte("\n")), words: len(strings.Fields(string(data))), b: len(data)}
		if name == "-" {
			c.name = ""
		}
		all = append(all, c)
		total.lines, total.words, total.b = total.lines+c.lines, total.words+c.words, total.b+c.b
		return true
	})
	if len(all) > 1 {
		total.name = "total"
		all = append(all, total)
	}
	width := len(strconv.Itoa(total.b))
	if len(all) == 1 && ((opt['l'] && !opt['w'] && !opt['c']) || all[0].name == "") {
		width = 1
	}
	for _, c := range all {
		var f []string
		if opt['l'] {
			f = append(f, fmt.Sprintf("%*d", width, c.lines))
		}
		if opt['w'] {
			f = append(f, fmt.Sprintf("%*d", width, c.words))
		}
		if opt['c'] || opt['m'] {
			f = append(f, fmt.Sprintf("%*d", width, c.b))
		}
		if c.name != "" {
			f = append(f, c.name)
		}
		fmt.Fprintln(p.Stdout, strings.Join(f, " "))
	}
	return status
}

func grep(p *Proc) int {
	opt, _, operands := flags(p.Args[1:])
	if len(operands) == 0 {
		fmt.Fprintln(p.Stderr, "Usage: grep [OPTION]... PATTERNS [FILE]...")
		return 2
	}
	re := compileGrep(operands[0], opt['F'], opt['i'], opt['E'])
	files := operands[1:]
	if opt['r'] || opt['R'] {
		var expanded []string
		for _, f := range files {
			walk(p.abs(f), func(abs string, dir bool) {
				if !dir {
					expanded = append(expanded, abs)
				}
			})
		}
		files = expanded
	}
	found := false
	status := p.inputs(files, func(name string, r io.Reader) bool {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		n, count := 0, 0
		for sc.Scan() {
			n++
			if re.MatchString(sc.Text()) == opt['v'] {
				continue
			}
			found = true
			count++
			if opt['q'] {
				return false
			}
			if opt['l'] || opt['c'] {
				continue
			}
			prefix := ""
			if len(files) > 1 {
				prefix = name + ":"
			}
			if opt['n'] {
				prefix += strconv.Itoa(n) + ":"
			}
			fmt.Fprintln(p.Stdout, prefix+sc.Text())
		}
		if opt['l'] && count > 0 {
			fmt.Fprintln(p.Stdout, name)
		}
		if opt['c'] {
			if len(files) > 1 {
				fmt.Fprintf(p.Stdout, "%s:", name)
			}
			fmt.Fprintln(p.Stdout, count)
		}
		return true
	})
	switch {
	case status != 0 && !opt['s']:
		return 2
	case found:
		return 0
	}
	return 1
}

// walk visits a path and everything below it, in order.
func walk(abs string, fn func(abs string, dir bool)) {
	st, err := os.Stat(abs)
	if err != nil {
		return
	}
	fn(abs, st.IsDir())
	if !st.IsDir() {
		return
	}
	entries, _ := os.ReadDir(abs)
	for _, e := range entries {
		walk(strings.TrimSuffix(abs, "/")+"/"+e.Name(), fn)
	}
}

func tee(p *Proc) int {
	opt, _, names := flags(p.Args[1:])
	writers := []io.Writer{p.Stdout}
	status := 0
	for _, n := range names {
		f, err := p.create(n, opt['a'])
		if err != nil {
			status = p.errorf("%s: %s", n, errText(err))
			continue
		}
		defer f.Close()
		writers = append(writers, f)
	}
	io.Copy(io.MultiWriter(writers...), p.Stdin)
	return status
}

func stat(p *Proc) int {
	_, _, operands := flags(p.Args[1:])
	status := 0
	for _, o := range operands {
		abs := p.abs(o)
		st, err := os.Stat(abs)
		if err != nil {
			status = p.errorf("cannot statx '%s': %s", o, errText(err))
			continue
		}
		kind := "regular file"
		if st.IsDir() {
			kind = "directory"
		} else if st.Size() == 0 {
			kind = "regular empty file"
		}
		u := owner(abs)
		p.printf("  File: %s\n  Size: %-15d Blocks: %-10d IO Block: 4096   %s\nAccess: (%s)  Uid: (%s)   Gid: (%s)\nModify: %s\n",
			o, st.Size(), (st.Size()+511)/512, kind, modeString(abs, st), u, u, st.ModTime().UTC().Format("2006-01-02 15:04:05.000000000 -0700"))
	}
	return status
}

func du(p *Proc) int {
	opt, _, operands := flags(p.Args[1:])
	if len(operands) == 0 {
		operands = []string{"."}
	}
	status := 0
	for _, o := range operands {
		abs := p.abs(o)
		if !exists(abs) {
			status = p.errorf("cannot access '%s': No such file or directory", o)
			continue
		}
		sizes := map[string]int64{}
		var order []string
		walk(abs, func(f string, dir bool) {
			if dir {
				order = append(order, f)
				return
			}
			if st, err := os.Stat(f); err == nil {
				for d := f; d != abs && d != "/"; {
					d = path.Dir(d)
					sizes[d] += (st.Size() + 1023) / 1024 * 1024
				}
			}
		})
		show := func(f string) {
			n := sizes[f]
			s := strconv.FormatInt(max(n/1024, 0), 10)
			if opt['h'] {
				s = human(n)
				if n == 0 {
					s = "0"
				}
			}
			p.printf("%s\t%s\n", s, strings.Replace(f, abs, o, 1))
		}
		if opt['s'] {
			show(abs)
			continue
		}
		for i := len(order) - 1; i >= 0; i-- {
			show(order[i])
		}
	}
	return status
}

func find(p *Proc) int {
	args := p.Args[1:]
	var roots []string
	for len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		roots, args = append(roots, args[0]), args[1:]
	}
	if len(roots) == 0 {
		roots = []string{"."}
	}
	name, kind := "", ""
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "-name", "-iname":
			if i+1 < len(args) {
				name = args[i+1]
				i++
			}
		case "-type":
			if i+1 < len(args) {
				kind = args[i+1]
				i++
			}
		case "-print":
		default:
			return p.errorf("unknown predicate `%s'", args[i])
		}
	}
	status := 0
	for _, r := range roots {
		abs := p.abs(r)
		if !exists(abs) {
			status = p.errorf("'%s': No such file or directory", r)
			continue
		}
		walk(abs, func(f string, dir bool) {
			if kind == "f" && dir || kind == "d" && !dir {
				return
			}
			if name != "" {
				if ok, _ := path.Match(name, path.Base(f)); !ok {
					return
				}
			}
			fmt.Fprintln(p.Stdout, r+strings.TrimPrefix(f, abs))
		})
	}
	return status
}

func basename(p *Proc) int {
	if len(p.Args) < 2 {
		return p.errorf("missing operand")
	}
	b := path.Base(p.Args[1])
	if len(p.Args) > 2 {
		b = strings.TrimSuffix(b, p.Args[2])
	}
	fmt.Fprintln(p.Stdout, b)
	return 0
}

func dirname(p *Proc) int {
	if len(p.Args) < 2 {
		return p.errorf("missing operand")
	}
	fmt.Fprintln(p.Stdout, path.Dir(p.Args[1]))
	return 0
}

// chmodApplet checks its operands and changes nothing: the sandbox's file
// trees keep no modes or owners.
func chmodApplet(p *Proc) int {
	_, _, operands := flags(p.Args[1:])
	if len(operands) < 2 {
		return p.errorf("missing operand")
	}
	status := 0
	for _, o := range operands[1:] {
		abs := p.abs(o)
		if !exists(abs) {
			status = p.errorf("cannot access '%s': No such file or directory", o)
		} else if !p.writable(abs) {
			status = p.errorf("changing permissions of '%s': Operation not permitted", o)
		}
	}
	return status
}

func test(p *Proc) int {
	args := p.Args[1:]
	if p.name() == "[" {
		if len(args) == 0 || args[len(args)-1] != "]" {
			fmt.Fprintln(p.Stderr, "[: missing `]'")
			return 2
		}
		args = args[:len(args)-1]
	}
	ok, err := evalTest(p, args)
	if err != nil {
		fmt.Fprintf(p.Stderr, "%s: %v\n", p.name(), err)
		return 2
	}
	if ok {
		return 0
	}
	return 1
}

func evalTest(p *Proc, a []string) (bool, error) {
	if len(a) > 0 && a[0] == "!" {
		ok, err := evalTest(p, a[1:])
		return !ok, err
	}
	switch len(a) {
	case 0:
		return false, nil
	case 1:
		return a[0] != "", nil
	case 2:
		abs := p.abs(a[1])
		st, err := os.Stat(abs)
		switch a[0] {
		case "-z":
			return a[1] == "", nil
		case "-n":
			return a[1] != "", nil
		case "-e", "-r", "-x":
			return err == nil, nil
		case "-f":
			return err == nil && !st.IsDir(), nil
		case "-d":
			return err == nil && st.IsDir(), nil
		case "-s":
			return err == nil && st.Size() > 0, nil
		case "-w":
			return err == nil && p.writable(abs), nil
		}
		return false, fmt.Errorf("%s: unary operator expected", a[0])
	case 3:
		x, op, y := a[0], a[1], a[2]
		switch op {
		case "=", "==":
			return x == y, nil
		case "!=":
			return x != y, nil
		}
		i, err1 := strconv.Atoi(x)
		j, err2 := strconv.Atoi(y)
		if err1 != nil || err2 != nil {
			return false, fmt.Errorf("integer expression expected")
		}
		switch op {
		case "-eq":
			return i == j, nil
		case "-ne":
			return i != j, nil
		case "-lt":
			return i < j, nil
		case "-le":
			return i <= j, nil
		case "-gt":
			return i > j, nil
		case "-ge":
			return i >= j, nil
		}
		return false, fmt.Errorf("%s: binary operator expected", op)
	}
	return false, fmt.Errorf("too many arguments")
}

// now is the machine's clock: the world's virtual time.
func now() time.Time { return time.Now().UTC() }

// grepPattern is a grep pattern: alternatives of basic regular expressions
// with ^ $ . * and literal characters (or fixed strings with -F).
type grepPattern struct {
	alts  []string
	fixed bool
	fold  bool
}

func compileGrep(pattern string, fixed, fold, extended bool) grepPattern {
	if fold {
		pattern = strings.ToLower(pattern)
	}
	alts := []string{pattern}
	switch {
	case extended:
		alts = strings.Split(pattern, "|")
	case !fixed:
		alts = strings.Split(pattern, `\|`)
	}
	return grepPattern{alts: alts, fixed: fixed, fold: fold}
}

// MatchString reports whether the line contains a match.
func (g grepPattern) MatchString(line string) bool {
	if g.fold {
		line = strings.ToLower(line)
	}
	for _, a := range g.alts {
		if g.fixed && strings.Contains(line, a) || !g.fixed && reMatch(a, line) {
			return true
		}
	}
	return false
}

// reMatch is the classic backtracking matcher for ^ $ . * and literals.
func reMatch(re, text string) bool {
	if strings.HasPrefix(re, "^") {
		return reHere(re[1:], text)
	}
	for i := 0; ; i++ {
		if reHere(re, text[i:]) {
			return true
		}
		if i >= len(text) {
			return false
		}
	}
}

func reHere(re, text string) bool {
	switch {
	case re == "":
		return true
	case len(re) >= 2 && re[1] == '*':
		for i := 0; ; i++ {
			if reHere(re[2:], text[i:]) {
				return true
			}
			if i >= len(text) || (re[0] != '.' && text[i] != re[0]) {
				return false
			}
		}
	case re == "$":
		return text == ""
	case re[0] == '\\' && len(re) > 1:
		return text != "" && text[0] == re[1] && reHere(re[2:], text[1:])
	case text != "" && (re[0] == '.' || re[0] == text[0]):
		return reHere(re[1:], text[1:])
	}
	return false
}
