package engine

import (
	"strconv"
	"strings"
)

// fields are the filters of a resource type: each name with the values a
// resource has for it. A slice rather than a map: the compiler lays it out
// as static data, where a map literal is built by code at start (app.wasm
// is smaller); a lookup goes through a few dozen names at most.
type fields[T any] []struct {
	name string
	get  func(T) []string
}

// lookup returns how to get the values of the filter name.
func (f fields[T]) lookup(name string) (func(T) []string, bool) {
	for _, x := range f {
		if x.name == name {
			return x.get, true
		}
	}
	return nil, false
}

// tagged is a resource that carries tags.
type tagged interface{ tagList() []Tag }

// startDescribe validates the caller and the filters of a describe call.
func startDescribe[T any](w *World, c Caller, f fields[T], filters []Filter) error {
	if err := w.check(c); err != nil {
		return err
	}
	return checkFilters(f, filters)
}

// checkFilters rejects unknown filter names and filters without values.
func checkFilters[T any](f fields[T], filters []Filter) error {
	for _, flt := range filters {
		name := flt.Name
		if _, ok := f.lookup(name); !ok && !strings.HasPrefix(name, "tag:") && name != "tag-key" && name != "tag-value" {
			return errf(CodeInvalidParameterValue, "The filter '%s' is invalid", name)
		}
		if len(flt.Values) == 0 {
			return errf(CodeInvalidParameterValue, "The filter '%s' must have at least one value", name)
		}
	}
	return nil
}

// matches reports whether a resource passes every filter (filters are ANDed,
// the values of one filter ORed).
func matches[T tagged](f fields[T], filters []Filter, r T) bool {
	for _, flt := range filters {
		if !anyMatch(filterValues(f, flt.Name, r), flt.Values) {
			return false
		}
	}
	return true
}

func filterValues[T tagged](f fields[T], name string, r T) []string {
	if get, ok := f.lookup(name); ok {
		return get(r)
	}
	var out []string
	for _, t := range r.tagList() {
		switch {
		case name == "tag-key":
			out = append(out, t.Key)
		case name == "tag-value":
			out = append(out, t.Value)
		case name == "tag:"+t.Key:
			out = append(out, t.Value)
		}
	}
	return out
}

func anyMatch(have, patterns []string) bool {
	for _, h := range have {
		for _, p := range patterns {
			if wildcard(p, h) {
				return true
			}
		}
	}
	return false
}

// wildcard matches s against a pattern where * is any run of characters, ?
// any one character and \ escapes the next character.
func wildcard(p, s string) bool {
	for len(p) > 0 {
		switch p[0] {
		case '*':
			for i := len(s); i >= 0; i-- {
				if wildcard(p[1:], s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
			p, s = p[1:], s[1:]
			continue
		case '\\':
			if len(p) > 1 {
				p = p[1:]
			}
		}
		if s == "" || p[0] != s[0] {
			return false
		}
		p, s = p[1:], s[1:]
	}
	return s == ""
}

// exactValue returns the single literal value of a filter, if it has exactly one without wildcards.
func exactValue(filters []Filter, name string) (string, bool) {
	for _, f := range filters {
		if f.Name == name && len(f.Values) == 1 && !strings.ContainsAny(f.Values[0], `*?\`) {
			return f.Values[0], true
		}
	}
	return "", false
}

func one(s string) []string { return []string{s} }

func itoa(n int) []string { return []string{strconv.Itoa(n)} }

func boolStr(b bool) []string { return []string{strconv.FormatBool(b)} }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
