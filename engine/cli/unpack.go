package cli

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// paramError is the AWS CLI's "Error parsing parameter" usage error.
type paramError struct {
	option string
	msg    string
}

func (e *paramError) Error() string {
	return fmt.Sprintf("Error parsing parameter '--%s': %s", e.option, e.msg)
}

// buildParams turns the parsed words into request parameters, in argument
// table order, as the AWS CLI does.
func buildParams(table []*argument, p *parsedArgs) (*object, error) {
	params := newObject()
	for _, a := range table {
		if v, ok := p.flags[a]; ok {
			var val any = v
			if a.shape.singleValue(kBoolean) {
				o := newObject()
				o.set("Value", v)
				val = o
			}
			params.set(a.api, val)
			continue
		}
		words, ok := p.values[a]
		if !ok {
			continue
		}
		for _, w := range words {
			if strings.HasPrefix(w, "file://") || strings.HasPrefix(w, "fileb://") {
				scheme, _, _ := strings.Cut(w, "//")
				return nil, &paramError{option: a.name, msg: scheme + "// is not available in the sandbox, which has no local files: give the value itself on the command line"}
			}
		}
		if a.apply != nil {
			if err := a.apply(params, words[0]); err != nil {
				return nil, err
			}
			continue
		}
		v, err := unpackArgument(a.shape, words)
		if err != nil {
			if pe, ok := err.(*paramError); ok && pe.option == "" {
				pe.option = a.name
			}
			return nil, err
		}
		params.set(a.api, v)
	}
	return params, nil
}

// unpackArgument converts an argument's words into a value of its shape:
// JSON, shorthand, a list of words or a scalar.
func unpackArgument(s *shape, words []string) (any, error) {
	first := strings.TrimSpace(words[0])
	looksJSON := strings.HasPrefix(first, "[") || strings.HasPrefix(first, "{")
	switch {
	case s.kind == kDocument:
		return parseJSONArg(words[0])
	case s.kind == kList && len(words) == 1 && strings.HasPrefix(first, "["):
		return parseJSONArg(words[0])
	case s.isComplex() && looksJSON:
		if s.kind != kList {
			if !strings.HasPrefix(first, "{") {
				return nil, &paramError{msg: "Invalid JSON:\n" + words[0]}
			}
			return parseJSONArg(words[0])
		}
		list := []any{}
		for _, w := range words {
			v, err := unpackArgument(s.elem, []string{w})
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	case s.singleValue(kString) && !strings.Contains(words[0], "="):
		o := newObject()
		o.set("Value", words[0])
		return o, nil
	case s.isComplex():
		return unpackShorthand(s, words)
	case s.kind == kList:
		list := []any{}
		for _, w := range words {
			v, err := unpackScalar(s.elem, w)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	}
	return unpackScalar(s, words[0])
}

func unpackShorthand(s *shape, words []string) (any, error) {
	var parsed any
	if s.kind == kList {
		list := []any{}
		for _, w := range words {
			o, err := parseShorthand(w)
			if err != nil {
				return nil, &paramError{msg: err.Error()}
			}
			list = append(list, o)
		}
		parsed = list
	} else {
		o, err := parseShorthand(words[0])
		if err != nil {
			return nil, &paramError{msg: err.Error()}
		}
		parsed = o
	}
	return backCompat(s, parsed)
}

func parseJSONArg(w string) (any, error) {
	var probe any
	err := json.Unmarshal([]byte(w), &probe)
	var v any
	if err == nil {
		v, err = decodeOrdered([]byte(w))
	}
	if err != nil {
		return nil, &paramError{msg: fmt.Sprintf("Invalid JSON: %s\nJSON received: %s", err, w)}
	}
	return v, nil
}

// unpackScalar converts a word to a scalar of the shape's kind.
func unpackScalar(s *shape, w string) (any, error) {
	switch s.kind {
	case kInteger:
		return pyInt(w)
	case kDouble:
		f, err := strconv.ParseFloat(strings.TrimSpace(w), 64)
		if err != nil {
			return nil, &paramError{msg: fmt.Sprintf("could not convert string to float: %s", pyQuote(w))}
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
	case kBoolean:
		return !strings.EqualFold(w, "false") && w != "", nil
	case kDocument:
		return parseJSONArg(w)
	}
	return w, nil
}

// pyInt parses an integer the way Python's int() does.
func pyInt(w string) (any, error) {
	t := strings.ReplaceAll(strings.TrimSpace(w), "_", "")
	if n, ok := new(big.Int).SetString(t, 10); ok && !strings.HasPrefix(strings.TrimSpace(w), "_") {
		return json.Number(n.String()), nil
	}
	return nil, &paramError{msg: fmt.Sprintf("invalid literal for int() with base 10: %s", pyQuote(w))}
}

// backCompat adjusts a parsed shorthand value to its shape the way the AWS
// CLI does: a single value where a list is expected becomes a list, and
// words for numbers and booleans are converted.
func backCompat(s *shape, v any) (any, error) {
	switch s.kind {
	case kStructure:
		o, ok := v.(*object)
		if !ok {
			return v, nil
		}
		for _, m := range s.members {
			if mv, ok := o.get(m.name); ok {
				nv, err := backCompat(m.shape, mv)
				if err != nil {
					return nil, err
				}
				o.set(m.name, nv)
			}
		}
		return o, nil
	case kList:
		list, ok := v.([]any)
		if !ok {
			if v == nil {
				return nil, nil
			}
			list = []any{v}
		}
		out := make([]any, len(list))
		for i, e := range list {
			nv, err := backCompat(s.elem, e)
			if err != nil {
				return nil, err
			}
			out[i] = nv
		}
		return out, nil
	case kMap:
		if o, ok := v.(*object); ok {
			for _, k := range o.keys {
				nv, err := backCompat(s.elem, o.vals[k])
				if err != nil {
					return nil, err
				}
				o.set(k, nv)
			}
		}
		return v, nil
	}
	w, ok := v.(string)
	if !ok {
		return v, nil
	}
	switch s.kind {
	case kInteger:
		return pyInt(w)
	case kDouble:
		return unpackScalar(s, w)
	case kBoolean:
		switch strings.ToLower(w) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	}
	return v, nil
}
