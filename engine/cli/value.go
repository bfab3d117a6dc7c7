package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// object is a JSON object that remembers the order of its keys, as the
// AWS CLI does when it prints a response. Values held anywhere in a tree
// are nil, bool, string, json.Number, float64, []any or *object.
type object struct {
	keys []string
	vals map[string]any
}

func newObject() *object { return &object{vals: map[string]any{}} }

// set adds or replaces a key; a replaced key keeps its position.
func (o *object) set(k string, v any) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

func (o *object) get(k string) (any, bool) {
	v, ok := o.vals[k]
	return v, ok
}

func (o *object) del(k string) {
	if _, ok := o.vals[k]; !ok {
		return
	}
	delete(o.vals, k)
	for i, key := range o.keys {
		if key == k {
			o.keys = append(o.keys[:i:i], o.keys[i+1:]...)
			break
		}
	}
}

func (o *object) len() int { return len(o.keys) }

// sorted returns a sorted copy of names.
func sorted(names []string) []string {
	out := append([]string(nil), names...)
	sort.Strings(out)
	return out
}

// sortedKeys returns the keys in code point order, like Python's sorted().
func (o *object) sortedKeys() []string {
	ks := append([]string(nil), o.keys...)
	sort.Strings(ks)
	return ks
}

// decodeOrdered parses JSON into a tree of *object, []any and scalars,
// keeping key order and number text.
func decodeOrdered(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("extra data after JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := newObject()
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				o.set(kt.(string), v)
			}
			_, err := dec.Token()
			return o, err
		case '[':
			list := []any{}
			for dec.More() {
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			_, err := dec.Token()
			return list, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	default:
		return t, nil
	}
}

// toOrdered converts any Go value to an ordered tree via its JSON encoding.
func toOrdered(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return decodeOrdered(data)
}

// encodeJSON writes v the way Python's json.dumps(v, indent=4,
// ensure_ascii=False) does.
func encodeJSON(b *strings.Builder, v any, indent int) {
	switch t := v.(type) {
	case *object:
		if t.len() == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{")
		for i, k := range t.keys {
			if i > 0 {
				b.WriteString(",")
			}
			newline(b, indent+1)
			writeJSONString(b, k)
			b.WriteString(": ")
			encodeJSON(b, t.vals[k], indent+1)
		}
		newline(b, indent)
		b.WriteString("}")
	case []any:
		if len(t) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[")
		for i, e := range t {
			if i > 0 {
				b.WriteString(",")
			}
			newline(b, indent+1)
			encodeJSON(b, e, indent+1)
		}
		newline(b, indent)
		b.WriteString("]")
	case string:
		writeJSONString(b, t)
	default:
		b.WriteString(scalarJSON(v))
	}
}

func newline(b *strings.Builder, indent int) {
	b.WriteString("\n")
	b.WriteString(strings.Repeat("    ", indent))
}

// scalarJSON renders a non-string scalar as JSON.
func scalarJSON(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case bool:
		if t {
			return "true"
		}
		return "false"
	case json.Number:
		return t.String()
	case float64:
		return formatFloat(t, false)
	case int:
		return strconv.Itoa(t)
	}
	return fmt.Sprint(v)
}

// formatFloat renders a number that went through JMESPath (and so became a
// float64). Whole numbers are printed as integers, since every whole number
// in a response started out as one. Other values follow Python's repr
// ("0.5", "1e-05"); python selects Python's spelling of infinities.
func formatFloat(f float64, python bool) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e16 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	if math.IsInf(f, 1) {
		if python {
			return "inf"
		}
		return "Infinity"
	}
	if math.IsInf(f, -1) {
		if python {
			return "-inf"
		}
		return "-Infinity"
	}
	if math.IsNaN(f) {
		if python {
			return "nan"
		}
		return "NaN"
	}
	exp := math.Abs(f)
	if exp >= 1e16 || exp < 1e-4 {
		return strconv.FormatFloat(f, 'e', -1, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 {
				fmt.Fprintf(b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}

// pyStr renders a value the way Python's str() does for the values the
// CLI's text and table formatters meet: True/False, None, numbers as they
// are, strings bare, and containers in repr form.
func pyStr(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case bool:
		if t {
			return "True"
		}
		return "False"
	case nil:
		return "None"
	case float64:
		return formatFloat(t, true)
	case json.Number:
		return t.String()
	default:
		return pyRepr(v)
	}
}

// pyRepr renders a value the way Python's repr() does.
func pyRepr(v any) string {
	switch t := v.(type) {
	case string:
		return pyQuote(t)
	case []any:
		parts := make([]string, len(t))
		for i, e := range t {
			parts[i] = pyRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *object:
		parts := make([]string, len(t.keys))
		for i, k := range t.keys {
			parts[i] = pyQuote(k) + ": " + pyRepr(t.vals[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	default:
		return pyStr(v)
	}
}

// pyQuote quotes a string like Python's repr: single quotes unless the
// string holds a single quote and no double quote.
func pyQuote(s string) string {
	q := byte('\'')
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// isScalar reports whether v is neither a list nor an object.
func isScalar(v any) bool {
	switch v.(type) {
	case []any, *object:
		return false
	}
	return true
}

// jsonOut renders v as the AWS CLI's JSON output, with a final newline.
func jsonOut(v any) string {
	var b strings.Builder
	encodeJSON(&b, v, 0)
	b.WriteString("\n")
	return b.String()
}

func jsonInt(n int) json.Number { return json.Number(strconv.Itoa(n)) }

// MarshalJSON encodes the object with its keys in order.
func (o *object) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	encodeJSON(&b, o, 0)
	return []byte(b.String()), nil
}
