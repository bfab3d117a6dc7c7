package cli

import (
	"fmt"
	"strings"
	"unicode"
)

// shorthandError is a syntax error in a shorthand value, worded like the
// AWS CLI's.
type shorthandError struct {
	input    []rune
	expected string
	actual   string
	index    int
	dupKey   string // set for a key given twice
}

func (e *shorthandError) Error() string {
	if e.dupKey != "" {
		return fmt.Sprintf("Second instance of key \"%s\" encountered for input:\n%s\n"+
			"This is often because there is a preceeding \",\" instead of a space.", e.dupKey, e.location())
	}
	return fmt.Sprintf("Expected: '%s', received: '%s' for input:\n%s", e.expected, e.actual, e.location())
}

// location shows the input with a caret under the error, on the line
// where the error is.
func (e *shorthandError) location() string {
	consumed, remaining, col := e.input, []rune(nil), e.index
	if nl := lastIndexRune(e.input[:e.index], '\n'); nl >= 0 {
		col = e.index - nl - 1
	}
	if nl := indexRune(e.input, e.index, '\n'); nl >= 0 {
		consumed, remaining = e.input[:nl], e.input[nl:]
	}
	return string(consumed) + "\n" + strings.Repeat(" ", col) + "^" + string(remaining)
}

func lastIndexRune(rs []rune, r rune) int {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i] == r {
			return i
		}
	}
	return -1
}

// parseShorthand parses the AWS CLI shorthand syntax:
//
//	parameter = keyval *("," keyval)
//	keyval    = key "=" [values]
//	values    = csv-list / explicit-list / hash-literal
//
// It returns an *object whose values are strings, []any and *object; the
// shape of the target parameter later decides how they are read.
func parseShorthand(s string) (*object, error) {
	p := &shorthandParser{in: []rune(s)}
	return p.parameter()
}

type shorthandParser struct {
	in []rune
	i  int
}

func (p *shorthandParser) eof() bool { return p.i >= len(p.in) }

// cur returns the current rune, or -1 at the end of the input.
func (p *shorthandParser) cur() rune {
	if p.eof() {
		return -1
	}
	return p.in[p.i]
}

func (p *shorthandParser) fail(expected, actual string) error {
	return &shorthandError{input: p.in, expected: expected, actual: actual, index: p.i}
}

func (p *shorthandParser) parameter() (*object, error) {
	params := newObject()
	key, v, err := p.keyval()
	if err != nil {
		return nil, err
	}
	params.set(key, v)
	last := p.i
	for !p.eof() {
		if err := p.expect(',', true); err != nil {
			return nil, err
		}
		key, v, err := p.keyval()
		if err != nil {
			return nil, err
		}
		if _, dup := params.get(key); dup {
			return nil, &shorthandError{input: p.in, index: last + 1, dupKey: key}
		}
		params.set(key, v)
		last = p.i
	}
	return params, nil
}

func (p *shorthandParser) keyval() (string, any, error) {
	key := p.key()
	if err := p.expect('=', true); err != nil {
		return "", nil, err
	}
	v, err := p.values()
	return key, v, err
}

// key = 1*(ALPHA / DIGIT / "-" / "_" / "." / "#" / "/" / ":")
func (p *shorthandParser) key() string {
	start := p.i
	for !p.eof() && isKeyRune(p.cur()) {
		p.i++
	}
	return string(p.in[start:p.i])
}

func isKeyRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.#/:", r)
}

func (p *shorthandParser) values() (any, error) {
	switch {
	case p.eof():
		return "", nil
	case p.cur() == '[':
		return p.explicitList()
	case p.cur() == '{':
		return p.hashLiteral()
	}
	return p.csvValue()
}

// csvValue reads "a" as a scalar and "a,b,c" as a list, stopping before a
// following "key=" so that "A=a,b,C=c" gives {A:[a,b], C:c}.
func (p *shorthandParser) csvValue() (any, error) {
	first, err := p.firstValue()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.eof() || p.cur() != ',' {
		return first, nil
	}
	if err := p.expect(',', true); err != nil {
		return nil, err
	}
	list := []any{first}
	for {
		v, err := p.secondValue()
		if err == nil {
			p.skipSpace()
			if p.eof() {
				list = append(list, v)
				break
			}
			err = p.expect(',', true)
			if err == nil {
				list = append(list, v)
				continue
			}
		}
		if p.eof() {
			return nil, err
		}
		p.backtrackTo(',')
		break
	}
	if len(list) == 1 {
		return first, nil
	}
	return list, nil
}

func (p *shorthandParser) explicitList() (any, error) {
	if err := p.expect('[', true); err != nil {
		return nil, err
	}
	list := []any{}
	for p.cur() != ']' {
		v, err := p.explicitValue()
		if err != nil {
			return nil, err
		}
		list = append(list, v)
		p.skipSpace()
		if p.cur() != ']' {
			if err := p.expect(',', false); err != nil {
				return nil, err
			}
			p.skipSpace()
		}
	}
	return list, p.expect(']', false)
}

func (p *shorthandParser) explicitValue() (any, error) {
	switch p.cur() {
	case '[':
		return p.explicitList()
	case '{':
		return p.hashLiteral()
	}
	return p.firstValue()
}

func (p *shorthandParser) hashLiteral() (any, error) {
	if err := p.expect('{', true); err != nil {
		return nil, err
	}
	o := newObject()
	for p.cur() != '}' {
		key := p.key()
		if err := p.expect('=', true); err != nil {
			return nil, err
		}
		v, err := p.explicitValue()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.cur() != '}' {
			if err := p.expect(',', false); err != nil {
				return nil, err
			}
			p.skipSpace()
		}
		o.set(key, v)
	}
	return o, p.expect('}', false)
}

func (p *shorthandParser) firstValue() (any, error) {
	switch p.cur() {
	case '\'':
		return p.quoted('\'')
	case '"':
		return p.quoted('"')
	}
	if n := p.matchValue(firstValueRest); n > 0 {
		return strings.TrimRightFunc(p.take(n), isPySpace), nil
	}
	return "", nil
}

func (p *shorthandParser) secondValue() (any, error) {
	switch p.cur() {
	case '\'':
		return p.quoted('\'')
	case '"':
		return p.quoted('"')
	}
	n := p.matchValue(secondValueRest)
	if n == 0 {
		return nil, p.fail("<second>", "<none>")
	}
	return strings.TrimRightFunc(p.take(n), isPySpace), nil
}

// take consumes n runes and returns them with "\," unescaped.
func (p *shorthandParser) take(n int) string {
	s := string(p.in[p.i : p.i+n])
	p.i += n
	return strings.ReplaceAll(s, `\,`, ",")
}

// matchValue returns how many runes from the current position form an
// unquoted value whose first rune is valueStart and later runes satisfy
// rest; "\," counts as part of the value anywhere.
func (p *shorthandParser) matchValue(rest func(rune) bool) int {
	n := 0
	for p.i+n < len(p.in) {
		r := p.in[p.i+n]
		if r == '\\' && p.i+n+1 < len(p.in) && p.in[p.i+n+1] == ',' {
			n += 2
			continue
		}
		ok := rest(r)
		if n == 0 {
			ok = valueStart(r)
		}
		if !ok {
			break
		}
		n++
	}
	return n
}

// valueStart: any rune up to U+FFFF except blanks and controls, quotes,
// ',', '=', '[' and '{'.
func valueStart(r rune) bool {
	return r > ' ' && r <= 0xFFFF && !strings.ContainsRune(`"',=[{`, r)
}

// firstValueRest: as valueStart, but blanks, '=', '[' and '{' are allowed
// and ']' and '}' end the value.
func firstValueRest(r rune) bool {
	return isPySpace(r) || r > ' ' && r <= 0xFFFF && !strings.ContainsRune(`"',]}`, r)
}

// secondValueRest: as valueStart, but blanks, '[', ']', '{' and '}' are
// allowed.
func secondValueRest(r rune) bool {
	return isPySpace(r) || r > ' ' && r <= 0xFFFF && !strings.ContainsRune(`"',=`, r)
}

// isPySpace is Python's str.isspace for one character.
func isPySpace(r rune) bool { return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f }

// quoted reads a quoted value; inside it only \q (the quote) and \\ are
// escapes.
func (p *shorthandParser) quoted(q rune) (any, error) {
	name := "singled quoted"
	if q == '"' {
		name = "double quoted"
	}
	j := p.i + 1
	for ; j < len(p.in); j++ {
		if p.in[j] == '\\' && j+1 < len(p.in) && (p.in[j+1] == '\\' || p.in[j+1] == q) {
			j++
			continue
		}
		if p.in[j] == q {
			break
		}
	}
	if j >= len(p.in) {
		return nil, p.fail("<"+name+">", "<none>")
	}
	body := string(p.in[p.i+1 : j])
	p.i = j + 1
	body = strings.ReplaceAll(body, `\`+string(q), string(q))
	return strings.ReplaceAll(body, `\\`, `\`), nil
}

func (p *shorthandParser) expect(c rune, skip bool) error {
	if skip {
		p.skipSpace()
	}
	if p.eof() {
		return p.fail(string(c), "EOF")
	}
	if p.cur() != c {
		return p.fail(string(c), string(p.cur()))
	}
	p.i++
	if skip {
		p.skipSpace()
	}
	return nil
}

func (p *shorthandParser) skipSpace() {
	for !p.eof() && strings.ContainsRune(" \t\n\r\v\f", p.cur()) {
		p.i++
	}
}

func (p *shorthandParser) backtrackTo(c rune) {
	for p.i >= 0 && (p.i >= len(p.in) || p.in[p.i] != c) {
		p.i--
	}
	if p.i < 0 {
		p.i = 0
	}
}
