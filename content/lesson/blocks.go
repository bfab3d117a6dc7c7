package lesson

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
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
// per line, a line ending in a backslash continues on the next line, blank
// lines and lines starting with # are ignored.
func parseCommands(kind string, lines []srcLine, fenceLine int) ([]string, error) {
	var cmds []string
	var cur strings.Builder
	curLine := 0
	for i, l := range lines {
		text := strings.TrimRight(l.text, " \t")
		if cur.Len() == 0 {
			trimmed := strings.TrimSpace(text)
			if trimmed == "" || strings.HasPrefix(trimmed, "#") {
				continue
			}
			curLine = l.line
		} else {
			text = strings.TrimLeft(text, " \t")
			cur.WriteByte(' ')
		}
		if strings.HasSuffix(text, `\`) && i+1 < len(lines) {
			cur.WriteString(strings.TrimRight(strings.TrimSuffix(text, `\`), " \t"))
			continue
		}
		cur.WriteString(strings.TrimSuffix(text, `\`))
		cmd := strings.TrimSpace(cur.String())
		cur.Reset()
		if err := checkCommand(cmd, curLine, false); err != nil {
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

// checkCommand makes sure cmd is a sandbox command that can be split into
// words: "aws ec2 <operation> …" or "sandbox <verb> …". A check may only read
// (describe-… and get-… operations), never change the sandbox.
func checkCommand(cmd string, line int, readOnly bool) error {
	if len(cmd) > MaxCommandLen {
		return errAt(line, "command is %d bytes long, more than %d", len(cmd), MaxCommandLen)
	}
	words, err := fields(cmd)
	if err != nil {
		return errAt(line, "%v in command %q", err, shorten(cmd))
	}
	switch {
	case len(words) >= 3 && words[0] == "aws" && words[1] == "ec2":
	case len(words) >= 2 && words[0] == "sandbox" && !readOnly:
	case readOnly:
		return errAt(line, "a check command must be \"aws ec2 describe-…\" or \"aws ec2 get-…\", got %q", shorten(cmd))
	default:
		return errAt(line, "commands must start with \"aws ec2 <operation>\" or \"sandbox <verb>\", got %q", shorten(cmd))
	}
	if readOnly && !strings.HasPrefix(words[2], "describe-") && !strings.HasPrefix(words[2], "get-") {
		return errAt(line, "a check must only read the sandbox (describe-… or get-…), not %q", words[2])
	}
	return nil
}

// fields splits a command line into words the way a POSIX shell treats
// quoting: single quotes keep everything literally, double quotes allow \" and
// \\, and outside quotes a backslash escapes the next character.
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
			return nil, fmt.Errorf("line break inside a command")
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

var checkKeys = []string{"label", "command", "expect", "hint"}

// parseCheck reads a check block: lines of "key: value" with the keys label,
// command, expect (all required) and hint (optional). A line that starts with
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
	c := Check{Label: vals["label"], Command: vals["command"], Expect: vals["expect"], Hint: vals["hint"]}
	if err := checkCommand(c.Command, at["command"], true); err != nil {
		return Check{}, err
	}
	if _, err := parseExpect(c.Expect); err != nil {
		return Check{}, errAt(at["expect"], "expect: %v", err)
	}
	return c, nil
}

// shorten cuts s for an error message.
func shorten(s string) string { return clip(s, 80) }

// clip cuts s to at most max bytes, marking the cut with an ellipsis.
func clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
