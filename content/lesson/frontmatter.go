//go:build !js

package lesson

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Limits on front matter values.
const (
	maxTitle   = 120
	maxSummary = 600
	maxGoals   = 20
	maxGoal    = 300
	maxMinutes = 600
)

// frontMatter is the YAML text between the opening and closing "---" lines.
type frontMatter struct {
	text      []byte
	firstLine int // file line of the first YAML line
	openLine  int // file line of the opening "---"
}

// splitFrontMatter separates the front matter from the body. bodyLine is the
// file line on which the body starts.
func splitFrontMatter(name string, src []byte) (fm frontMatter, body []byte, bodyLine int, err error) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(first, " \t")) != "---" {
		return fm, nil, 0, &Error{File: name, Line: 1, Msg: `missing front matter: the file must start with a line "---", then title, summary, minutes and goals, then "---"`}
	}
	line := 2
	off := 0
	for off <= len(rest) {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		next := len(rest) + 1
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
			next = off + end + 1
		}
		if string(bytes.TrimRight(l, " \t")) == "---" {
			fm = frontMatter{text: rest[:off], firstLine: 2, openLine: 1}
			if next > len(rest) {
				return fm, nil, line + 1, nil
			}
			return fm, rest[next:], line + 1, nil
		}
		line++
		off = next
	}
	return fm, nil, 0, &Error{File: name, Line: 1, Msg: `front matter is not closed: add a line "---" after the last front matter key`}
}

var knownKeys = []string{"title", "summary", "minutes", "goals"}

// decode checks the front matter strictly and fills l's front matter fields.
func (fm frontMatter) decode(name string, l *Lesson) error {
	fail := func(line int, format string, args ...any) error {
		return &Error{File: name, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(fm.text))
	if err := safeDecode(dec, &doc); err != nil {
		if errors.Is(err, io.EOF) {
			return fail(fm.openLine, "front matter is empty: title is required")
		}
		return fail(fm.openLine, "front matter is not valid YAML: %s", fm.yamlMessage(err))
	}
	var extra yaml.Node
	if err := safeDecode(dec, &extra); err == nil || !errors.Is(err, io.EOF) {
		return fail(fm.openLine, "front matter must be a single YAML mapping")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return fail(fm.openLine, "front matter must be a YAML mapping of title, summary, minutes and goals")
	}
	m := doc.Content[0]
	line := func(n *yaml.Node) int { return n.Line + fm.firstLine - 1 }
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return fail(line(k), "front matter keys must be plain words")
		}
		if prev, dup := seen[k.Value]; dup {
			return fail(line(k), "front matter key %q is repeated (first on line %d)", k.Value, prev)
		}
		seen[k.Value] = line(k)
		if err := noAliases(v); err != nil {
			return fail(line(v), "%v", err)
		}
		switch k.Value {
		case "title", "summary":
			s, err := scalarString(v)
			if err != nil {
				return fail(line(v), "%s %v", k.Value, err)
			}
			limit := maxTitle
			if k.Value == "summary" {
				limit = maxSummary
			}
			if len(s) > limit {
				return fail(line(v), "%s is %d bytes long, more than %d", k.Value, len(s), limit)
			}
			if k.Value == "title" {
				l.Title = s
			} else {
				l.Summary = s
			}
		case "minutes":
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!int" {
				return fail(line(v), "minutes must be a whole number of minutes, like 15")
			}
			n, err := strconv.Atoi(v.Value)
			if err != nil || n < 1 || n > maxMinutes {
				return fail(line(v), "minutes must be between 1 and %d", maxMinutes)
			}
			l.Minutes = n
		case "goals":
			if v.Kind != yaml.SequenceNode {
				return fail(line(v), "goals must be a list, one goal per line starting with \"- \"")
			}
			if len(v.Content) > maxGoals {
				return fail(line(v), "at most %d goals", maxGoals)
			}
			for _, g := range v.Content {
				s, err := scalarString(g)
				if err != nil {
					return fail(line(g), "goal %v", err)
				}
				if len(s) > maxGoal {
					return fail(line(g), "goal is %d bytes long, more than %d", len(s), maxGoal)
				}
				l.Goals = append(l.Goals, s)
			}
		default:
			return fail(line(k), "unknown front matter key %q (known keys: %s)", k.Value, strings.Join(knownKeys, ", "))
		}
	}
	if strings.TrimSpace(l.Title) == "" {
		return fail(fm.openLine, "front matter has no title: add a line such as \"title: Launch an instance\"")
	}
	return nil
}

// scalarString returns a non-empty single-line text value.
func scalarString(n *yaml.Node) (string, error) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		return "", fmt.Errorf("must be text")
	}
	s := strings.TrimSpace(n.Value)
	if s == "" {
		return "", fmt.Errorf("must not be empty")
	}
	if strings.ContainsAny(s, "\n\r") {
		return "", fmt.Errorf("must fit on one line")
	}
	return s, nil
}

// noAliases refuses YAML anchors and aliases, which a lesson never needs and
// which could make a small file expand into a huge value.
func noAliases(n *yaml.Node) error {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return fmt.Errorf("YAML anchors and aliases are not supported in front matter")
	}
	for _, c := range n.Content {
		if err := noAliases(c); err != nil {
			return err
		}
	}
	return nil
}

// yamlMessage rewrites the line numbers in a yaml.v3 error so that they count
// from the top of the lesson file rather than from the top of the front matter.
func (fm frontMatter) yamlMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	fields := strings.Fields(msg)
	for i := 0; i+1 < len(fields); i++ {
		if fields[i] != "line" {
			continue
		}
		num := strings.TrimRight(fields[i+1], ":,")
		if n, err := strconv.Atoi(num); err == nil {
			fields[i+1] = strconv.Itoa(n+fm.firstLine-1) + fields[i+1][len(num):]
		}
	}
	return strings.Join(fields, " ")
}

// safeDecode decodes one YAML document, turning a panic inside the YAML
// library into an error: front matter is untrusted input.
func safeDecode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return dec.Decode(n)
}
