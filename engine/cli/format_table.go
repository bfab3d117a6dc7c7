package cli

import (
	"math"
	"strings"
	"unicode"
)

// terminalWidth is the width the AWS CLI assumes when it cannot ask the
// terminal; wider tables turn their one-row sections vertical.
const terminalWidth = 80

// tableSection is one titled block of a table.
type tableSection struct {
	title     string
	headers   []string
	rows      [][]string
	indent    int
	numCols   int // -1 until the first header or row fixes it
	maxWidths []int
}

func newSection(title string, indent int) *tableSection {
	return &tableSection{title: title, indent: indent, numCols: -1}
}

func (s *tableSection) addHeader(h []string) {
	s.updateWidths(h)
	if s.numCols < 0 {
		s.numCols = len(h)
	}
	s.headers = h
}

func (s *tableSection) addRow(vals []any) {
	row := make([]string, len(vals))
	for i, v := range vals {
		row[i] = pyStr(v)
	}
	if s.numCols < 0 {
		s.numCols = len(row)
	}
	for len(row) < s.numCols {
		row = append(row, "")
	}
	row = row[:s.numCols]
	s.rows = append(s.rows, row)
	s.updateWidths(row)
}

func (s *tableSection) updateWidths(row []string) {
	if len(s.maxWidths) == 0 {
		s.maxWidths = make([]int, len(row))
		for i, el := range row {
			s.maxWidths[i] = textWidth(el)
		}
		return
	}
	for i, el := range row {
		if i < len(s.maxWidths) {
			s.maxWidths[i] = max(s.maxWidths[i], textWidth(el))
		}
	}
}

// columnWidths spreads maxWidth over the columns in proportion to their
// padded natural widths; maxWidth < 0 returns the natural widths.
func (s *tableSection) columnWidths(padding, maxWidth int) []int {
	widths := make([]int, len(s.maxWidths))
	sum := 0
	for i, w := range s.maxWidths {
		widths[i] = w + padding
		sum += widths[i]
	}
	if maxWidth < 0 || len(widths) == 0 {
		return widths
	}
	scale := float64(maxWidth) / float64(sum)
	total := 0
	for i, w := range widths {
		widths[i] = int(math.RoundToEven(scale * float64(w)))
		total += widths[i]
	}
	off := total - maxWidth
	for off != 0 {
		for j := range widths {
			i := j
			if off < 0 {
				i = len(widths) - 1 - j
			}
			if off > 0 {
				widths[i]--
				off--
			} else {
				widths[i]++
				off++
			}
			if off == 0 {
				break
			}
		}
	}
	return widths
}

func (s *tableSection) totalWidth() int {
	total := 0
	for _, w := range s.columnWidths(0, -1) {
		total += w + 4
	}
	total += 2 + 2*s.indent
	return max(textWidth(s.title)+2+2*s.indent, total)
}

// table builds and renders the AWS CLI's table output.
type table struct {
	sections []*tableSection
	cur      *tableSection
}

func (t *table) newSection(title string, indent int) {
	t.cur = newSection(title, indent)
	t.sections = append(t.sections, t.cur)
}

// formatTable renders v as the AWS CLI's table output titled title.
func formatTable(title string, v any) string {
	t := &table{}
	if !t.build(title, true, v, 0) {
		return ""
	}
	return t.render()
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	case *object:
		return x.len() > 0
	case float64:
		return x != 0
	case interface{ String() string }:
		f := strings.Trim(x.String(), "0.-+")
		return f != "" && f != "e" && f != "E"
	}
	return true
}

func (t *table) build(title string, titled bool, v any, indent int) bool {
	if !truthy(v) {
		return false
	}
	if titled {
		t.newSection(title, indent)
	}
	switch x := v.(type) {
	case []any:
		if _, ok := x[0].(*object); ok {
			t.fromList(x, indent, title)
			break
		}
		for _, item := range x {
			switch it := item.(type) {
			case *object:
				row := make([]any, len(it.keys))
				for i, k := range it.keys {
					row[i] = k
				}
				t.cur.addRow(row)
			case []any:
				if allScalar(it) {
					t.cur.addRow(it)
				} else {
					t.build("", false, it, 0)
				}
			default:
				t.cur.addRow([]any{it})
			}
		}
	case *object:
		t.fromObject(x, indent)
	}
	return true
}

func allScalar(list []any) bool {
	for _, e := range list {
		if !isScalar(e) {
			return false
		}
	}
	return true
}

func (t *table) fromObject(o *object, indent int) {
	headers, more := groupKeys(o)
	if len(headers) == 1 {
		t.cur.addRow([]any{headers[0], o.vals[headers[0]]})
	} else if len(headers) > 0 {
		t.cur.addHeader(headers)
		row := make([]any, len(headers))
		for i, h := range headers {
			row[i] = o.vals[h]
		}
		t.cur.addRow(row)
	}
	for _, k := range more {
		t.build(k, true, o.vals[k], indent+1)
	}
}

func (t *table) fromList(list []any, indent int, title string) {
	hs, ms := map[string]bool{}, map[string]bool{}
	for _, e := range list {
		if o, ok := e.(*object); ok {
			h, m := groupKeys(o)
			for _, k := range h {
				hs[k] = true
			}
			for _, k := range m {
				ms[k] = true
			}
		}
	}
	headers, more := sortedSet(hs), sortedSet(ms)
	t.cur.addHeader(headers)
	for i, e := range list {
		o, ok := e.(*object)
		if !ok {
			continue
		}
		if i > 0 && len(more) > 0 {
			t.newSection(title, indent)
			t.cur.addHeader(headers)
		}
		row := make([]any, len(headers))
		for j, h := range headers {
			if v, ok := o.vals[h]; ok {
				row[j] = v
			} else {
				row[j] = ""
			}
		}
		t.cur.addRow(row)
		for _, k := range more {
			if v, ok := o.vals[k]; ok {
				t.build(k, true, v, indent+1)
			}
		}
	}
}

// groupKeys splits an object's keys into sorted scalar and other keys.
func groupKeys(o *object) (headers, more []string) {
	for _, k := range o.sortedKeys() {
		if isScalar(o.vals[k]) {
			headers = append(headers, k)
		} else {
			more = append(more, k)
		}
	}
	return headers, more
}

func sortedSet(m map[string]bool) []string {
	o := newObject()
	for k := range m {
		o.set(k, nil)
	}
	return o.sortedKeys()
}

func (t *table) maxWidth() int {
	w := 0
	for _, s := range t.sections {
		w = max(w, s.totalWidth())
	}
	return w
}

func (t *table) render() string {
	width := t.maxWidth()
	if width > terminalWidth {
		t.verticalize()
		width = t.maxWidth()
	}
	var b strings.Builder
	b.WriteString(strings.Repeat("-", width) + "\n")
	for _, s := range t.sections {
		renderSection(&b, s, width)
	}
	return b.String()
}

// verticalize turns every one-row section with headers into a two-column
// section of header/value rows.
func (t *table) verticalize() {
	for i, s := range t.sections {
		if len(s.rows) != 1 || len(s.headers) == 0 {
			continue
		}
		ns := newSection(s.title, s.indent)
		for j, h := range s.headers {
			if j < len(s.rows[0]) {
				ns.addRow([]any{h, s.rows[0][j]})
			}
		}
		t.sections[i] = ns
	}
}

func renderSection(b *strings.Builder, s *tableSection, width int) {
	bar := strings.Repeat("|", s.indent)
	line := func(text string) { b.WriteString(bar + text + bar + "\n") }
	width -= 2 * s.indent
	if s.title != "" {
		line(centerText(s.title, width, "|", "|"))
		if len(s.headers) == 0 && len(s.rows) == 0 {
			line("+" + strings.Repeat("-", width-2) + "+")
		}
	}
	if len(s.headers) > 0 {
		widths := s.columnWidths(4, width)
		line(lineBreak(widths))
		var cur strings.Builder
		for i, w := range widths {
			left := ""
			if i == 0 {
				left = "|"
			}
			cur.WriteString(centerText(s.headers[i], w, left, "|"))
		}
		line(cur.String())
	}
	if len(s.rows) > 0 {
		widths := s.columnWidths(4, width)
		if len(widths) == 0 {
			return
		}
		line(lineBreak(widths))
		for _, row := range s.rows {
			var cur strings.Builder
			for i, w := range widths {
				left := ""
				if i == 0 {
					left = "|"
				}
				cur.WriteString(alignLeft(row[i], w, left, "|"))
			}
			line(cur.String())
		}
		line(lineBreak(widths))
	}
}

func lineBreak(widths []int) string {
	var b strings.Builder
	for i, w := range widths {
		if i == 0 {
			b.WriteString("+" + spaces(w-2, '-') + "+")
		} else {
			b.WriteString(spaces(w-1, '-') + "+")
		}
	}
	return b.String()
}

// spaces repeats c n times; a negative n gives "" as in Python.
func spaces(n int, c rune) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(string(c), n)
}

func centerText(text string, length int, left, right string) string {
	tl := textWidth(text)
	start := floorDiv(length, 2) - floorDiv(tl, 2) - 1
	soFar := textWidth(left) + start + tl
	rightSpaces := length - textWidth(right) - soFar
	return left + spaces(start, ' ') + text + spaces(rightSpaces, ' ') + right
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func alignLeft(text string, length int, left, right string) string {
	tl := textWidth(text)
	padding := 0
	if length-(tl+2+len(left)+len(right)) >= 0 {
		padding = 2
	}
	soFar := len(left) + padding + tl
	return left + spaces(padding, ' ') + text + spaces(length-soFar-len(right), ' ') + right
}

// textWidth counts the terminal columns of s: two for East Asian wide and
// full-width characters, one for the rest.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		if isWide(r) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func isWide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		r >= 0x1100 && r <= 0x115F || r >= 0x2E80 && r <= 0x303E || r >= 0x3041 && r <= 0x33FF ||
		r >= 0xFF00 && r <= 0xFF60 || r >= 0xFFE0 && r <= 0xFFE6 || r >= 0x1F300 && r <= 0x1F64F ||
		r >= 0x1F900 && r <= 0x1F9FF
}
