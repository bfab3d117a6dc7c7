package cli

import (
	"sort"
	"strings"
)

// formatText renders a response in the AWS CLI's text format: the scalars
// of an object on one tab-separated line (keys sorted), prefixed by the
// upper-cased key the object was found under; lists of objects as one
// such line per element, with the columns of every element's scalars.
func formatText(v any) string {
	var b strings.Builder
	textValue(&b, v, "", nil)
	return b.String()
}

func textValue(b *strings.Builder, v any, ident string, scalarKeys []string) {
	switch t := v.(type) {
	case *object:
		textObject(b, t, ident, scalarKeys)
	case []any:
		textList(b, t, ident)
	default:
		b.WriteString(pyStr(v))
		b.WriteString("\n")
	}
}

func textList(b *strings.Builder, list []any, ident string) {
	if len(list) == 0 {
		return
	}
	hasObject, hasList := false, false
	for _, e := range list {
		switch e.(type) {
		case *object:
			hasObject = true
		case []any:
			hasList = true
		}
	}
	switch {
	case hasObject:
		keys := allScalarKeys(list)
		for _, e := range list {
			textValue(b, e, ident, keys)
		}
	case hasList:
		var scalars, others []any
		for _, e := range list {
			if isScalar(e) {
				scalars = append(scalars, e)
			} else {
				others = append(others, e)
			}
		}
		if len(scalars) > 0 {
			textScalars(b, scalars, ident)
		}
		for _, e := range others {
			textValue(b, e, ident, nil)
		}
	default:
		textScalars(b, list, ident)
	}
}

func textScalars(b *strings.Builder, list []any, ident string) {
	if ident != "" {
		for _, e := range list {
			b.WriteString(strings.ToUpper(ident) + "\t" + pyStr(e) + "\n")
		}
		return
	}
	parts := make([]string, len(list))
	for i, e := range list {
		parts[i] = pyStr(e)
	}
	b.WriteString(strings.Join(parts, "\t") + "\n")
}

func textObject(b *strings.Builder, o *object, ident string, scalarKeys []string) {
	var scalars []string
	var nested []string
	if scalarKeys == nil {
		for _, k := range o.sortedKeys() {
			if isScalar(o.vals[k]) {
				scalars = append(scalars, pyStr(o.vals[k]))
			} else {
				nested = append(nested, k)
			}
		}
	} else {
		in := map[string]bool{}
		for _, k := range scalarKeys {
			in[k] = true
			if v, ok := o.vals[k]; ok {
				scalars = append(scalars, pyStr(v))
			} else {
				scalars = append(scalars, "")
			}
		}
		for _, k := range o.sortedKeys() {
			if !in[k] {
				nested = append(nested, k)
			}
		}
	}
	if len(scalars) > 0 {
		if ident != "" {
			scalars = append([]string{strings.ToUpper(ident)}, scalars...)
		}
		b.WriteString(strings.Join(scalars, "\t") + "\n")
	}
	for _, k := range nested {
		textValue(b, o.vals[k], k, nil)
	}
}

// allScalarKeys returns the sorted union of the keys holding scalars in
// the objects of a list.
func allScalarKeys(list []any) []string {
	seen := map[string]bool{}
	for _, e := range list {
		if o, ok := e.(*object); ok {
			for _, k := range o.keys {
				if isScalar(o.vals[k]) {
					seen[k] = true
				}
			}
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
