//go:build !js

package lesson

import (
	"fmt"
	"slices"
	"strings"
)

// srcLine is one line of a fenced block with its line number in the file.
type srcLine struct {
	text string
	line int
}

// blockError is a problem inside a block, located by file line.
type blockError struct {
	line int
	msg  string
}

func (e *blockError) Error() string { return e.msg }

func errAt(line int, format string, args ...any) error {
	return &blockError{line: line, msg: fmt.Sprintf(format, args...)}
}

// parseCommands reads the commands of a run or solution block: one command
// per line; a line ending in a backslash continues on the next line, and so
// does a line that leaves a quote open (the line break is then part of the
// quoted text, as in a shell); blank lines and lines starting with # between
// commands are ignored.
func parseCommands(kind string, lines []srcLine, fenceLine int) ([]string, error) {
	var cmds []string
	var cur strings.Builder
	curLine := 0
	inQuote := false // the command so far ends inside a quote
	for i, l := range lines {
		text := l.text
		switch {
		case cur.Len() == 0:
			trimmed := strings.TrimSpace(text)
			if trimmed == "" || strings.HasPrefix(trimmed, "#") {
				continue
			}
			curLine = l.line
			text = trimmed
		case inQuote:
			cur.WriteByte('\n')
		default:
			text = strings.TrimLeft(text, " \t")
			cur.WriteByte(' ')
		}
		more := i+1 < len(lines)
		if q := openQuote(cur.String() + text); q != 0 && more {
			cur.WriteString(text)
			inQuote = true
			continue
		}
		inQuote = false
		text = strings.TrimRight(text, " \t")
		if strings.HasSuffix(text, `\`) && more {
			cur.WriteString(strings.TrimRight(strings.TrimSuffix(text, `\`), " \t"))
			continue
		}
		cur.WriteString(text)
		cmd := strings.TrimSpace(cur.String())
		cur.Reset()
		if err := checkCommand(cmd, curLine); err != nil {
			return nil, err
		}
		cmds = append(cmds, cmd)
		if len(cmds) > MaxCommands {
			return nil, errAt(curLine, "a %s block holds at most %d commands", kind, MaxCommands)
		}
	}
	if len(cmds) == 0 {
		return nil, errAt(fenceLine, "the %s block has no command", kind)
	}
	return cmds, nil
}

// openQuote returns the quote character (' or ") left open at the end of s,
// or 0, with the quoting rules of fields.
func openQuote(s string) byte {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return '\''
			}
			i += j + 1
		case '"':
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' {
					i++
				}
			}
			if i >= len(s) {
				return '"'
			}
		}
	}
	return 0
}

// checkCommand makes sure cmd is a sandbox command that can be split into
// words: "aws <service> <operation> …" or "sandbox <verb> …". A check's
// command is checked by checkReadCommand instead.
func checkCommand(cmd string, line int) error {
	words, err := commandWords(cmd, line)
	if err != nil {
		return err
	}
	switch {
	case len(words) >= 3 && words[0] == "aws" && !strings.HasPrefix(words[1], "-"):
	case len(words) >= 2 && words[0] == "sandbox":
	default:
		return errAt(line, "commands must start with \"aws <service> <operation>\" or \"sandbox <verb>\", got %q", shorten(cmd))
	}
	return nil
}

func commandWords(cmd string, line int) ([]string, error) {
	if len(cmd) > MaxCommandLen {
		return nil, errAt(line, "command is %d bytes long, more than %d", len(cmd), MaxCommandLen)
	}
	words, err := fields(cmd)
	if err != nil {
		return nil, errAt(line, "%v in command %q", err, shorten(cmd))
	}
	return words, nil
}

// readPrograms are the guest programs a check may run on an instance:
// they only read (with the subcommands listed, when any).
var readPrograms = map[string][]string{
	"cat": nil, "ls": nil, "head": nil, "tail": nil, "wc": nil, "grep": nil, "stat": nil, "test": nil,
	"du": nil, "df": nil, "lsblk": nil, "free": nil, "uptime": nil, "uname": nil, "whoami": nil, "id": nil, "ps": nil,
	"systemctl": {"is-active", "is-enabled", "status"},
	"rpm":       {"-q"},
}

// checkReadCommand makes sure a check's command only reads the sandbox:
// an "aws <service> describe-…" or "get-…" command, or, for a check of what
// instances run (instance set), "sandbox http {instance} [PATH]" or "sandbox
// exec {instance} -- PROGRAM …" with one program of readPrograms and no
// redirection, pipe, variable or second command.
func checkReadCommand(cmd, instance string, line int) error {
	words, err := commandWords(cmd, line)
	if err != nil {
		return err
	}
	if instance == "" {
		if len(words) < 3 || words[0] != "aws" || strings.HasPrefix(words[1], "-") {
			return errAt(line, "a check command must be \"aws <service> describe-…\" or \"aws <service> get-…\" (or, with an instance key, sandbox http or sandbox exec), got %q", shorten(cmd))
		}
		if !strings.HasPrefix(words[2], "describe-") && !strings.HasPrefix(words[2], "get-") {
			return errAt(line, "a check must only read the sandbox (describe-… or get-…), not %q", words[2])
		}
		return nil
	}
	guest := len(words) >= 3 && words[0] == "sandbox" && words[2] == InstanceRef
	switch {
	case guest && words[1] == "http" && len(words) <= 4:
		return nil
	case guest && words[1] == "exec":
		prog := words[3:]
		if len(prog) > 0 && prog[0] == "--" {
			prog = prog[1:]
		}
		if strings.ContainsAny(cmd, "><|;&$`()\n") {
			return errAt(line, "a check runs one program on the instance: no redirection, pipe, variable or second command in %q", shorten(cmd))
		}
		if len(prog) == 0 {
			return errAt(line, "sandbox exec in a check needs a program to run")
		}
		subs, ok := readPrograms[prog[0]]
		if !ok || (subs != nil && (len(prog) < 2 || !slices.Contains(subs, prog[1]))) {
			return errAt(line, "a check may only run programs that read (%s), not %q", strings.Join(readProgramNames(), ", "), shorten(strings.Join(prog, " ")))
		}
		return nil
	}
	return errAt(line, "a check with an instance key runs \"sandbox http %s [PATH]\" or \"sandbox exec %s -- PROGRAM …\", got %q", InstanceRef, InstanceRef, shorten(cmd))
}

// checkInstanceFilters makes sure an instance key holds describe-instances
// filters in shorthand: words like Name=tag:Name,Values=web.
func checkInstanceFilters(filters string, line int) error {
	words, err := commandWords(filters, line)
	if err != nil {
		return err
	}
	for _, w := range words {
		if !strings.HasPrefix(w, "Name=") || !strings.Contains(w, ",Values=") {
			return errAt(line, "instance: write describe-instances filters such as Name=tag:Name,Values=web, got %q", shorten(w))
		}
	}
	return nil
}

// readProgramNames lists readPrograms for a message, sorted.
func readProgramNames() []string {
	var names []string
	for p, subs := range readPrograms {
		if subs != nil {
			p += " " + strings.Join(subs, "|")
		}
		names = append(names, p)
	}
	slices.Sort(names)
	return names
}

// fields splits a command line into words the way a POSIX shell treats
// quoting: single quotes keep everything literally, double quotes allow \" and
// \\, and outside quotes a backslash escapes the next character. Line breaks
// may only appear inside quotes.
func fields(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case c == '\'':
			inWord = true
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unterminated single quote")
			}
			w.WriteString(s[i+1 : i+1+j])
			i += j + 1
		case c == '"':
			inWord = true
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
					i++
				}
				w.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unterminated double quote")
			}
		case c == '\\':
			inWord = true
			if i+1 < len(s) {
				i++
				w.WriteByte(s[i])
			}
		case c == '\n' || c == '\r':
			return nil, fmt.Errorf("line break outside quotes")
		default:
			inWord = true
			w.WriteByte(c)
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}

var checkKeys = []string{"label", "command", "expect", "hint", "instance"}

// parseCheck reads a check block: lines of "key: value" with the keys label,
// command, expect (all required), hint and instance (optional). A line that starts with
// a space or tab continues the previous value; blank lines and lines starting
// with # are ignored.
func parseCheck(lines []srcLine, fenceLine int) (Check, error) {
	vals := map[string]string{}
	at := map[string]int{}
	last := ""
	for _, l := range lines {
		trimmed := strings.TrimSpace(l.text)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if l.text[0] == ' ' || l.text[0] == '\t' {
			if last == "" {
				return Check{}, errAt(l.line, "a check line must be \"key: value\" (an indented line continues the previous value)")
			}
			vals[last] += " " + trimmed
			continue
		}
		key, val, ok := strings.Cut(l.text, ":")
		key = strings.TrimSpace(key)
		if !ok || !slices.Contains(checkKeys, key) {
			return Check{}, errAt(l.line, "a check line must be \"key: value\" with key one of %s, got %q", strings.Join(checkKeys, ", "), shorten(l.text))
		}
		if prev, dup := at[key]; dup {
			return Check{}, errAt(l.line, "check key %q is repeated (first on line %d)", key, prev)
		}
		vals[key] = strings.TrimSpace(val)
		at[key] = l.line
		last = key
	}
	for _, k := range checkKeys[:3] {
		if vals[k] == "" {
			return Check{}, errAt(fenceLine, "the check has no %s: a check needs label, command and expect", k)
		}
	}
	c := Check{Label: vals["label"], Command: vals["command"], Expect: vals["expect"], Hint: vals["hint"], Instance: vals["instance"]}
	if err := checkReadCommand(c.Command, c.Instance, at["command"]); err != nil {
		return Check{}, err
	}
	if c.Instance != "" {
		if err := checkInstanceFilters(c.Instance, at["instance"]); err != nil {
			return Check{}, err
		}
	}
	if _, err := parseExpect(c.Expect); err != nil {
		return Check{}, errAt(at["expect"], "expect: %v", err)
	}
	return c, nil
}
