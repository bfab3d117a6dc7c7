//go:build !js

package lesson

import (
	"bytes"
	"fmt"
	"regexp"
	"unicode/utf8"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Parse reads one lesson file. name is used for the slug (see SlugOf) and in
// error messages. Every problem is reported as an *Error naming the line.
// Parse is not part of the js/wasm build.
func Parse(name string, src []byte) (*Lesson, error) {
	fail := func(line int, format string, args ...any) error {
		return &Error{File: name, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if len(src) > MaxSize {
		return nil, fail(0, "file is %d bytes, more than the limit of %d (256 KiB): split the lesson", len(src), MaxSize)
	}
	if !utf8.Valid(src) {
		return nil, fail(lineOf(src, invalidUTF8At(src)), "file is not valid UTF-8")
	}
	slug := SlugOf(name)
	if !slugPattern.MatchString(slug) {
		return nil, fail(0, "file name must look like NN-slug.md with a slug of lower-case letters, digits and dashes (got slug %q)", slug)
	}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))

	if err := checkLines(name, src); err != nil {
		return nil, err
	}
	fm, body, bodyLine, err := splitFrontMatter(name, src)
	if err != nil {
		return nil, err
	}
	l := &Lesson{Slug: slug}
	if err := fm.decode(name, l); err != nil {
		return nil, err
	}
	if err := render(name, body, bodyLine, l); err != nil {
		return nil, err
	}
	return l, nil
}

// checkLines refuses lines that are very long or open very many block quotes
// at once: the Markdown parser needs time that grows with the square of
// their size.
func checkLines(name string, src []byte) error {
	line := 1
	for len(src) > 0 {
		l, rest, _ := bytes.Cut(src, []byte("\n"))
		if len(l) > MaxLineLen {
			return &Error{File: name, Line: line, Msg: fmt.Sprintf("line is %d bytes long, more than %d: break it", len(l), MaxLineLen)}
		}
		quotes := 0
		for _, c := range l {
			if c == '>' {
				quotes++
			} else if c != ' ' && c != '\t' {
				break
			}
		}
		if quotes > MaxDepth {
			return &Error{File: name, Line: line, Msg: fmt.Sprintf("Markdown is nested more than %d levels deep", MaxDepth)}
		}
		src = rest
		line++
	}
	return nil
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// lineOf returns the 1-based line of byte offset off in b.
func lineOf(b []byte, off int) int {
	if off > len(b) {
		off = len(b)
	}
	return bytes.Count(b[:off], []byte("\n")) + 1
}
