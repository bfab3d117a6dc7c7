package cli

import (
	"errors"
	"strings"
)

// Tokenize splits a command line into words the way a POSIX shell would for
// the simple cases a learner types: words are separated by unquoted blanks,
// single quotes keep everything literally, double quotes keep everything but
// honour the backslash escapes \" \\ \$ \` and backslash-newline, an unquoted
// backslash escapes the next character (backslash-newline joins lines), and
// an unquoted # at the start of a word starts a comment that runs to the end
// of the line. An unterminated quote or a trailing backslash is an error.
func Tokenize(line string) ([]string, error) {
	var (
		words  []string
		cur    strings.Builder
		inWord bool
		rs     = []rune(line)
		n      = len(rs)
		flush  = func() { words = append(words, cur.String()); cur.Reset(); inWord = false }
	)
	for i := 0; i < n; i++ {
		c := rs[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if inWord {
				flush()
			}
		case c == '#' && !inWord:
			for i < n && rs[i] != '\n' {
				i++
			}
		case c == '\\':
			if i+1 >= n {
				return nil, errors.New("unexpected end of line after backslash")
			}
			i++
			if rs[i] != '\n' {
				cur.WriteRune(rs[i])
				inWord = true
			}
		case c == '\'':
			end := indexRune(rs, i+1, '\'')
			if end < 0 {
				return nil, errors.New("unterminated single quote")
			}
			cur.WriteString(string(rs[i+1 : end]))
			inWord = true
			i = end
		case c == '"':
			end, err := readDoubleQuoted(rs, i+1, &cur)
			if err != nil {
				return nil, err
			}
			inWord = true
			i = end
		default:
			cur.WriteRune(c)
			inWord = true
		}
	}
	if inWord {
		flush()
	}
	return words, nil
}

// readDoubleQuoted copies the body of a double-quoted string starting at
// rs[start] into b and returns the index of the closing quote.
func readDoubleQuoted(rs []rune, start int, b *strings.Builder) (int, error) {
	for i := start; i < len(rs); i++ {
		switch c := rs[i]; c {
		case '"':
			return i, nil
		case '\\':
			if i+1 < len(rs) {
				switch next := rs[i+1]; next {
				case '"', '\\', '$', '`':
					b.WriteRune(next)
					i++
					continue
				case '\n':
					i++
					continue
				}
			}
			b.WriteRune(c)
		default:
			b.WriteRune(c)
		}
	}
	return 0, errors.New("unterminated double quote")
}

func indexRune(rs []rune, from int, r rune) int {
	for i := from; i < len(rs); i++ {
		if rs[i] == r {
			return i
		}
	}
	return -1
}
