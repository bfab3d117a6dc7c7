package cli

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	jmespath "github.com/jmespath/go-jmespath"
)

// applyQuery evaluates a JMESPath expression on an ordered response and
// returns an ordered result: objects taken whole from the response keep
// their key order, objects built by a multi-select hash follow the order
// of the expression, as the AWS CLI's Python implementation does.
func applyQuery(expr *jmespath.JMESPath, src string, doc any) (any, error) {
	res, err := expr.Search(toPlain(doc))
	if err != nil {
		return nil, err
	}
	idx := keyOrders{bySet: map[string][]string{}, rank: map[string]int{}}
	idx.collect(doc)
	for _, keys := range hashKeys(src) {
		idx.bySet[signature(keys)] = keys
	}
	return idx.order(res), nil
}

// toPlain converts an ordered tree to the maps, slices and float64 numbers
// go-jmespath works on.
func toPlain(v any) any {
	switch t := v.(type) {
	case *object:
		m := make(map[string]any, t.len())
		for _, k := range t.keys {
			m[k] = toPlain(t.vals[k])
		}
		return m
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = toPlain(e)
		}
		return out
	case json.Number:
		f, _ := strconv.ParseFloat(string(t), 64)
		return f
	}
	return v
}

type keyOrders struct {
	bySet map[string][]string // key-set signature → key order
	rank  map[string]int      // first appearance of each key in the response
}

func signature(keys []string) string {
	s := append([]string(nil), keys...)
	sort.Strings(s)
	return strings.Join(s, "\x00")
}

func (k *keyOrders) collect(v any) {
	switch t := v.(type) {
	case *object:
		sig := signature(t.keys)
		if _, ok := k.bySet[sig]; !ok {
			k.bySet[sig] = t.keys
		}
		for _, key := range t.keys {
			if _, ok := k.rank[key]; !ok {
				k.rank[key] = len(k.rank)
			}
			k.collect(t.vals[key])
		}
	case []any:
		for _, e := range t {
			k.collect(e)
		}
	}
}

func (k *keyOrders) order(v any) any {
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for key := range t {
			keys = append(keys, key)
		}
		if known, ok := k.bySet[signature(keys)]; ok {
			keys = known
		} else {
			sort.Slice(keys, func(i, j int) bool {
				ri, iok := k.rank[keys[i]]
				rj, jok := k.rank[keys[j]]
				if iok != jok {
					return iok
				}
				if iok && ri != rj {
					return ri < rj
				}
				return keys[i] < keys[j]
			})
		}
		o := newObject()
		for _, key := range keys {
			o.set(key, k.order(t[key]))
		}
		return o
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = k.order(e)
		}
		return out
	}
	return v
}

// hashKeys returns the key lists of the multi-select hashes ({a: x, b: y})
// in a JMESPath expression, in the order written.
func hashKeys(expr string) [][]string {
	type frame struct {
		hash      bool
		expectKey bool
		keys      []string
	}
	var stack []*frame
	var out [][]string
	rs := []rune(expr)
	pendingKey := ""
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		top := (*frame)(nil)
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch {
		case c == '\'' || c == '`':
			i = skipQuoted(rs, i)
		case c == '"':
			end := skipQuoted(rs, i)
			if top != nil && top.hash && top.expectKey {
				var s string
				if json.Unmarshal([]byte(string(rs[i:end+1])), &s) == nil {
					pendingKey = s
				}
			}
			i = end
		case c == '{':
			stack = append(stack, &frame{hash: true, expectKey: true})
		case c == '[' || c == '(':
			stack = append(stack, &frame{})
		case c == '}' || c == ']' || c == ')':
			if top != nil {
				stack = stack[:len(stack)-1]
				if top.hash {
					out = append(out, top.keys)
				}
			}
		case c == ',':
			if top != nil && top.hash {
				top.expectKey = true
			}
		case c == ':':
			if top != nil && top.hash && top.expectKey && pendingKey != "" {
				top.keys = append(top.keys, pendingKey)
				top.expectKey = false
			}
			pendingKey = ""
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(rs) && (rs[j] == '_' || rs[j] >= 'a' && rs[j] <= 'z' || rs[j] >= 'A' && rs[j] <= 'Z' || rs[j] >= '0' && rs[j] <= '9') {
				j++
			}
			if top != nil && top.hash && top.expectKey {
				pendingKey = string(rs[i:j])
			}
			i = j - 1
		case c == ' ' || c == '\t' || c == '\n':
		default:
			pendingKey = ""
		}
	}
	return out
}

// skipQuoted returns the index of the quote closing the one at rs[i].
func skipQuoted(rs []rune, i int) int {
	q := rs[i]
	for j := i + 1; j < len(rs); j++ {
		if rs[j] == '\\' {
			j++
			continue
		}
		if rs[j] == q {
			return j
		}
	}
	return len(rs) - 1
}

// compileQuery compiles a JMESPath expression. Like the AWS CLI's Python
// implementation, it accepts the deprecated form of literals that are not
// JSON, such as `running` for "running", which AWS examples use widely.
func compileQuery(expr string) (*jmespath.JMESPath, error) {
	return jmespath.Compile(legacyLiterals(expr))
}

// legacyLiterals rewrites each backtick literal that is not valid JSON
// into the JSON string of its text.
func legacyLiterals(expr string) string {
	var b strings.Builder
	rs := []rune(expr)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch c {
		case '\'', '"':
			end := skipQuoted(rs, i)
			b.WriteString(string(rs[i : end+1]))
			i = end
		case '`':
			end := skipQuoted(rs, i)
			if end <= i || rs[end] != '`' {
				b.WriteString(string(rs[i:]))
				return b.String()
			}
			body := strings.ReplaceAll(string(rs[i+1:end]), "\\`", "`")
			if !json.Valid([]byte(body)) {
				quoted, _ := json.Marshal(strings.TrimLeft(body, " \t\n\r"))
				body = string(quoted)
			}
			b.WriteString("`" + strings.ReplaceAll(body, "`", "\\`") + "`")
			i = end
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}
