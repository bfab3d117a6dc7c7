package cli

import (
	"encoding/json"
	"fmt"
	"strings"
)

// validationError lists what is wrong with request parameters, worded like
// botocore's "Parameter validation failed" report.
type validationError struct{ problems []string }

func (e *validationError) Error() string {
	return "Parameter validation failed:\n" + strings.Join(e.problems, "\n")
}

// validateParams checks params against the input shape.
func validateParams(params *object, s *shape) error {
	v := &validator{}
	v.check(params, s, "")
	if len(v.problems) > 0 {
		return &validationError{problems: v.problems}
	}
	return nil
}

type validator struct{ problems []string }

func (v *validator) report(format string, a ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, a...))
}

func (v *validator) check(val any, s *shape, name string) {
	switch s.kind {
	case kStructure:
		o, ok := val.(*object)
		if !ok {
			v.badType(val, name, "<class 'dict'>")
			return
		}
		where := name
		if where == "" {
			where = "input"
		}
		for _, m := range s.members {
			if _, ok := o.get(m.name); m.required && !ok {
				v.report("Missing required parameter in %s: \"%s\"", where, m.name)
			}
		}
		for _, k := range o.keys {
			m := s.member(k)
			if m == nil {
				v.report("Unknown parameter in %s: \"%s\", must be one of: %s", where, k, strings.Join(s.memberNames(), ", "))
				continue
			}
			v.check(o.vals[k], m.shape, joinName(name, k))
		}
	case kList:
		list, ok := val.([]any)
		if !ok {
			v.badType(val, name, "<class 'list'>, <class 'tuple'>")
			return
		}
		for i, e := range list {
			v.check(e, s.elem, fmt.Sprintf("%s[%d]", name, i))
		}
	case kMap:
		o, ok := val.(*object)
		if !ok {
			v.badType(val, name, "<class 'dict'>")
			return
		}
		for _, k := range o.keys {
			v.check(o.vals[k], s.elem, fmt.Sprintf("%s.%s", name, k))
		}
	case kString:
		if _, ok := val.(string); !ok {
			v.badType(val, name, "<class 'str'>")
		}
	case kBoolean:
		if _, ok := val.(bool); !ok {
			v.badType(val, name, "<class 'bool'>")
		}
	case kInteger:
		if n, ok := val.(json.Number); !ok || !isIntText(string(n)) {
			v.badType(val, name, "<class 'int'>")
		}
	case kDouble:
		if _, ok := val.(json.Number); !ok {
			v.badType(val, name, "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>")
		}
	}
}

func joinName(parent, k string) string {
	if parent == "" {
		return k
	}
	return parent + "." + k
}

func (v *validator) badType(val any, name, valid string) {
	v.report("Invalid type for parameter %s, value: %s, type: %s, valid types: %s",
		name, pyStr(val), pyType(val), valid)
}

func isIntText(s string) bool { return !strings.ContainsAny(s, ".eE") }

// pyType names the Python type a value would have in the AWS CLI.
func pyType(v any) string {
	switch t := v.(type) {
	case string:
		return "<class 'str'>"
	case bool:
		return "<class 'bool'>"
	case nil:
		return "<class 'NoneType'>"
	case json.Number:
		if isIntText(string(t)) {
			return "<class 'int'>"
		}
		return "<class 'float'>"
	case []any:
		return "<class 'list'>"
	}
	return "<class 'dict'>"
}
