package programs

import (
	"fmt"
	"strings"
)

// The shell's syntax tree. A script is a list of and-or chains separated by
// ";", "&" or newlines; a chain is pipelines joined by "&&" and "||"; a
// pipeline is simple commands joined by "|". There are no compound commands
// (if, for, while, functions).

type partKind byte

const (
	lit      partKind = iota // literal text
	variable                 // $NAME, ${NAME}, ${NAME:-default}
	subst                    // $(…) or `…`
)

// part is a piece of a word; quoted parts are neither split nor globbed.
type part struct {
	kind   partKind
	text   string // literal text, variable name or substituted script
	def    string // ${NAME:-def}: the default
	hasDef bool
	quoted bool
}

type word []part

type redir struct {
	fd     int    // the descriptor redirected (0, 1, 2; -1 for &>)
	op     string // "<", ">", ">>", ">&", "<<"
	target word   // file name, or descriptor number for >&
	body   word   // here-document text, parsed when it expands
	delim  string
	strip  bool // <<- strips leading tabs
}

type assign struct {
	name  string
	value word
}

type command struct {
	assigns []assign
	words   []word
	redirs  []*redir
}

type pipeline struct {
	cmds []*command
	not  bool
}

type andOr struct {
	pipes []*pipeline
	ops   []string // "&&" or "||" between pipelines
}

type parser struct {
	src     []rune
	i       int
	pending []*redir // here-documents whose bodies follow the current line
}

// syntaxError is a parse failure, printed as bash does.
type syntaxError struct{ msg string }

func (e *syntaxError) Error() string { return e.msg }

func errSyntax(near string) error {
	if near == "" {
		near = "newline"
	}
	return &syntaxError{fmt.Sprintf("syntax error near unexpected token `%s'", near)}
}

func parseScript(src string) ([]*andOr, error) {
	ps := &parser{src: []rune(src)}
	return ps.list()
}

func (ps *parser) peek() rune {
	if ps.i < len(ps.src) {
		return ps.src[ps.i]
	}
	return 0
}

func (ps *parser) at(s string) bool {
	r := []rune(s)
	if ps.i+len(r) > len(ps.src) {
		return false
	}
	for k, c := range r {
		if ps.src[ps.i+k] != c {
			return false
		}
	}
	return true
}

func (ps *parser) blanks() {
	for ps.i < len(ps.src) {
		switch {
		case ps.src[ps.i] == ' ' || ps.src[ps.i] == '\t' || ps.src[ps.i] == '\r':
			ps.i++
		case ps.at("\\\n"):
			ps.i += 2
		case ps.src[ps.i] == '#':
			for ps.i < len(ps.src) && ps.src[ps.i] != '\n' {
				ps.i++
			}
		default:
			return
		}
	}
}

// newline consumes a newline and then the bodies of pending here-documents.
func (ps *parser) newline() error {
	ps.i++
	for _, r := range ps.pending {
		var body strings.Builder
		found := false
		for ps.i < len(ps.src) {
			end := ps.i
			for end < len(ps.src) && ps.src[end] != '\n' {
				end++
			}
			line := string(ps.src[ps.i:end])
			ps.i = min(end+1, len(ps.src))
			if r.strip {
				line = strings.TrimLeft(line, "\t")
			}
			if line == r.delim {
				found = true
				break
			}
			body.WriteString(line + "\n")
		}
		if !found && ps.i >= len(ps.src) && body.Len() == 0 {
			return &syntaxError{fmt.Sprintf("warning: here-document delimited by end-of-file (wanted `%s')", r.delim)}
		}
		r.body = append(r.body, part{kind: lit, text: body.String(), quoted: true})
	}
	ps.pending = nil
	return nil
}

func (ps *parser) list() ([]*andOr, error) {
	var out []*andOr
	for {
		ps.blanks()
		switch c := ps.peek(); {
		case c == 0:
			if len(ps.pending) > 0 {
				if err := ps.newline(); err != nil {
					return nil, err
				}
			}
			return out, nil
		case c == '\n':
			if err := ps.newline(); err != nil {
				return nil, err
			}
			continue
		case c == ';' || c == '&' || c == '|' || c == ')':
			return nil, errSyntax(string(c))
		}
		ao, err := ps.andOr()
		if err != nil {
			return nil, err
		}
		out = append(out, ao)
		ps.blanks()
		switch ps.peek() {
		case ';', '&':
			ps.i++
		case '\n', 0:
		default:
			return nil, errSyntax(string(ps.peek()))
		}
	}
}

func (ps *parser) andOr() (*andOr, error) {
	ao := &andOr{}
	for {
		pl, err := ps.pipeline()
		if err != nil {
			return nil, err
		}
		ao.pipes = append(ao.pipes, pl)
		ps.blanks()
		switch {
		case ps.at("&&"), ps.at("||"):
			ao.ops = append(ao.ops, string(ps.src[ps.i:ps.i+2]))
			ps.i += 2
			ps.skipNewlines()
		default:
			return ao, nil
		}
	}
}

func (ps *parser) skipNewlines() {
	for {
		ps.blanks()
		if ps.peek() != '\n' {
			return
		}
		ps.newline()
	}
}

func (ps *parser) pipeline() (*pipeline, error) {
	pl := &pipeline{}
	ps.blanks()
	if ps.peek() == '!' && ps.i+1 < len(ps.src) && (ps.src[ps.i+1] == ' ' || ps.src[ps.i+1] == '\t') {
		pl.not = true
		ps.i++
	}
	for {
		c, err := ps.command()
		if err != nil {
			return nil, err
		}
		pl.cmds = append(pl.cmds, c)
		ps.blanks()
		if ps.peek() == '|' && !ps.at("||") {
			ps.i++
			ps.skipNewlines()
			continue
		}
		return pl, nil
	}
}

var compound = map[string]bool{"if": true, "then": true, "else": true, "elif": true, "fi": true, "for": true, "while": true,
	"until": true, "do": true, "done": true, "case": true, "esac": true, "function": true, "{": true, "}": true, "select": true}

func (ps *parser) command() (*command, error) {
	c := &command{}
	for {
		ps.blanks()
		ch := ps.peek()
		if ch == 0 || ch == '\n' || ch == ';' || ch == '|' || ch == ')' || (ch == '&' && !ps.at("&>")) {
			break
		}
		if ch == '(' {
			return nil, &syntaxError{"subshells ( … ) are not supported by this shell"}
		}
		if r, ok, err := ps.redirect(); err != nil {
			return nil, err
		} else if ok {
			c.redirs = append(c.redirs, r)
			continue
		}
		w, err := ps.word()
		if err != nil {
			return nil, err
		}
		if len(c.words) == 0 {
			if name, value, ok := assignment(w); ok {
				c.assigns = append(c.assigns, assign{name, value})
				continue
			}
			if len(w) == 1 && w[0].kind == lit && !w[0].quoted && compound[w[0].text] {
				return nil, &syntaxError{fmt.Sprintf("%s: compound commands (if, for, while, case, functions) are not supported by this shell", w[0].text)}
			}
		}
		c.words = append(c.words, w)
	}
	if len(c.words) == 0 && len(c.assigns) == 0 && len(c.redirs) == 0 {
		return nil, errSyntax(string(ps.peek()))
	}
	return c, nil
}

// assignment recognises NAME=value at the start of a command.
func assignment(w word) (string, word, bool) {
	if len(w) == 0 || w[0].kind != lit || w[0].quoted {
		return "", nil, false
	}
	name, rest, ok := strings.Cut(w[0].text, "=")
	if !ok || !validName(name) {
		return "", nil, false
	}
	value := word{}
	if rest != "" {
		value = append(value, part{kind: lit, text: rest})
	}
	return name, append(value, w[1:]...), true
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// redirect parses one redirection, if one starts here.
func (ps *parser) redirect() (*redir, bool, error) {
	start := ps.i
	fd := -2
	if c := ps.peek(); c >= '0' && c <= '9' {
		j := ps.i
		for j < len(ps.src) && ps.src[j] >= '0' && ps.src[j] <= '9' {
			j++
		}
		if j < len(ps.src) && (ps.src[j] == '>' || ps.src[j] == '<') {
			fmt.Sscan(string(ps.src[ps.i:j]), &fd)
			ps.i = j
		}
	}
	r := &redir{}
	switch {
	case ps.at("&>>"):
		r.fd, r.op = -1, ">>"
		ps.i += 3
	case ps.at("&>"):
		r.fd, r.op = -1, ">"
		ps.i += 2
	case ps.at(">>"):
		r.fd, r.op = 1, ">>"
		ps.i += 2
	case ps.at(">&"):
		r.fd, r.op = 1, ">&"
		ps.i += 2
	case ps.at(">|"), ps.at(">"):
		r.fd, r.op = 1, ">"
		ps.i++
		if ps.peek() == '|' {
			ps.i++
		}
	case ps.at("<<<"):
		return nil, false, &syntaxError{"here-strings (<<<) are not supported by this shell"}
	case ps.at("<<"):
		r.fd, r.op = 0, "<<"
		ps.i += 2
		if ps.peek() == '-' {
			r.strip = true
			ps.i++
		}
	case ps.at("<"):
		r.fd, r.op = 0, "<"
		ps.i++
	default:
		ps.i = start
		return nil, false, nil
	}
	if fd >= 0 {
		r.fd = fd
	}
	ps.blanks()
	if c := ps.peek(); c == 0 || c == '\n' || c == ';' || c == '|' || c == '&' || c == '<' || c == '>' {
		return nil, false, errSyntax(map[bool]string{true: "newline", false: string(c)}[c == 0 || c == '\n'])
	}
	w, err := ps.word()
	if err != nil {
		return nil, false, err
	}
	if r.op == "<<" {
		quoted := false
		var d strings.Builder
		for _, p := range w {
			quoted = quoted || p.quoted
			d.WriteString(p.text)
		}
		r.delim = d.String()
		if !quoted {
			r.op = "<<e" // the body expands variables and substitutions
		}
		ps.pending = append(ps.pending, r)
		return r, true, nil
	}
	r.target = w
	return r, true, nil
}

func isMeta(c rune) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ';', '&', '|', '<', '>', '(', ')':
		return true
	}
	return false
}

// word reads one word with its quoting.
func (ps *parser) word() (word, error) {
	var w word
	var buf strings.Builder
	flush := func(quoted bool) {
		if buf.Len() > 0 {
			w = append(w, part{kind: lit, text: buf.String(), quoted: quoted})
			buf.Reset()
		}
	}
	for ps.i < len(ps.src) {
		c := ps.src[ps.i]
		if isMeta(c) {
			break
		}
		switch c {
		case '\\':
			flush(false)
			ps.i++
			if ps.i < len(ps.src) {
				if ps.src[ps.i] != '\n' {
					w = append(w, part{kind: lit, text: string(ps.src[ps.i]), quoted: true})
				}
				ps.i++
			}
		case '\'':
			flush(false)
			end := ps.i + 1
			for end < len(ps.src) && ps.src[end] != '\'' {
				end++
			}
			if end >= len(ps.src) {
				return nil, &syntaxError{"unexpected EOF while looking for matching `''"}
			}
			w = append(w, part{kind: lit, text: string(ps.src[ps.i+1 : end]), quoted: true})
			ps.i = end + 1
		case '"':
			flush(false)
			ps.i++
			parts, err := ps.doubleQuoted('"')
			if err != nil {
				return nil, err
			}
			if len(parts) == 0 {
				parts = word{{kind: lit, quoted: true}}
			}
			w = append(w, parts...)
		case '$', '`':
			flush(false)
			p, err := ps.dollar(false)
			if err != nil {
				return nil, err
			}
			w = append(w, p)
		default:
			buf.WriteRune(c)
			ps.i++
		}
	}
	flush(false)
	return w, nil
}

// doubleQuoted reads up to the closing quote (or, with end == 0, to the end
// of the text: a here-document body).
func (ps *parser) doubleQuoted(end rune) (word, error) {
	var w word
	var buf strings.Builder
	flush := func() {
		if buf.Len() > 0 {
			w = append(w, part{kind: lit, text: buf.String(), quoted: true})
			buf.Reset()
		}
	}
	for {
		if ps.i >= len(ps.src) {
			if end == 0 {
				flush()
				return w, nil
			}
			return nil, &syntaxError{"unexpected EOF while looking for matching `\"'"}
		}
		c := ps.src[ps.i]
		switch {
		case c == end && end != 0:
			ps.i++
			flush()
			return w, nil
		case c == '\\' && ps.i+1 < len(ps.src) && strings.ContainsRune("$`\"\\\n", ps.src[ps.i+1]):
			if ps.src[ps.i+1] == '"' && end == 0 {
				buf.WriteRune('\\')
			}
			if ps.src[ps.i+1] != '\n' {
				buf.WriteRune(ps.src[ps.i+1])
			}
			ps.i += 2
		case c == '$' || c == '`':
			flush()
			p, err := ps.dollar(true)
			if err != nil {
				return nil, err
			}
			w = append(w, p)
		default:
			buf.WriteRune(c)
			ps.i++
		}
	}
}

// dollar reads a $-expansion or a backquoted command substitution.
func (ps *parser) dollar(quoted bool) (part, error) {
	if ps.peek() == '`' {
		end := ps.i + 1
		for end < len(ps.src) && ps.src[end] != '`' {
			if ps.src[end] == '\\' {
				end++
			}
			end++
		}
		if end >= len(ps.src) {
			return part{}, &syntaxError{"unexpected EOF while looking for matching ``'"}
		}
		p := part{kind: subst, text: string(ps.src[ps.i+1 : end]), quoted: quoted}
		ps.i = end + 1
		return p, nil
	}
	ps.i++ // $
	switch c := ps.peek(); {
	case ps.at("(("):
		return part{}, &syntaxError{"arithmetic expansion $(( … )) is not supported by this shell"}
	case c == '(':
		end, err := ps.matchParen(ps.i)
		if err != nil {
			return part{}, err
		}
		p := part{kind: subst, text: string(ps.src[ps.i+1 : end]), quoted: quoted}
		ps.i = end + 1
		return p, nil
	case c == '{':
		end := ps.i + 1
		for end < len(ps.src) && ps.src[end] != '}' {
			end++
		}
		if end >= len(ps.src) {
			return part{}, &syntaxError{"unexpected EOF while looking for matching `}'"}
		}
		body := string(ps.src[ps.i+1 : end])
		ps.i = end + 1
		p := part{kind: variable, text: body, quoted: quoted}
		if name, def, ok := strings.Cut(body, ":-"); ok {
			p.text, p.def, p.hasDef = name, def, true
		}
		if !validName(p.text) && !isSpecialVar(p.text) {
			return part{}, &syntaxError{fmt.Sprintf("${%s}: bad substitution", body)}
		}
		return p, nil
	case isSpecialVar(string(c)):
		ps.i++
		return part{kind: variable, text: string(c), quoted: quoted}, nil
	case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		start := ps.i
		for ps.i < len(ps.src) && validName(string(ps.src[start:ps.i+1])) {
			ps.i++
		}
		return part{kind: variable, text: string(ps.src[start:ps.i]), quoted: quoted}, nil
	}
	return part{kind: lit, text: "$", quoted: true}, nil
}

func isSpecialVar(s string) bool {
	return len(s) == 1 && strings.Contains("?$#@*!0123456789", s)
}

// matchParen finds the parenthesis closing the one at open, skipping quotes.
func (ps *parser) matchParen(open int) (int, error) {
	depth := 0
	for j := open; j < len(ps.src); j++ {
		switch ps.src[j] {
		case '\\':
			j++
		case '\'':
			for j++; j < len(ps.src) && ps.src[j] != '\''; j++ {
			}
		case '"':
			for j++; j < len(ps.src) && ps.src[j] != '"'; j++ {
				if ps.src[j] == '\\' {
					j++
				}
			}
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j, nil
			}
		}
	}
	return 0, &syntaxError{"unexpected EOF while looking for matching `)'"}
}

// parseHeredoc parses an expanding here-document body.
func parseHeredoc(text string) (word, error) {
	ps := &parser{src: []rune(text)}
	return ps.doubleQuoted(0)
}
