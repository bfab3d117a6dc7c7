package cli

import (
	"reflect"
	"regexp"
	"strings"
	"sync"
)

// kind is the API type of a parameter, as the AWS CLI's models name them.
type kind int

const (
	kString kind = iota
	kInteger
	kDouble
	kBoolean
	kList
	kStructure
	kMap
	kDocument
)

// shape describes an input parameter type, read by reflection from the
// engine's input structs.
type shape struct {
	kind    kind
	elem    *shape   // list member or map value
	members []member // structure members, in declaration order
}

// member is one field of a structure shape.
type member struct {
	name     string // the API (JSON) name
	shape    *shape
	required bool // tagged cli:"required"
}

func (s *shape) member(name string) *member {
	for i := range s.members {
		if s.members[i].name == name {
			return &s.members[i]
		}
	}
	return nil
}

func (s *shape) memberNames() []string {
	names := make([]string, len(s.members))
	for i, m := range s.members {
		names[i] = m.name
	}
	return names
}

// isComplex reports whether values of the shape are written in shorthand
// or JSON rather than as plain words.
func (s *shape) isComplex() bool {
	switch s.kind {
	case kStructure, kMap:
		return true
	case kList:
		return s.elem.kind == kList || s.elem.kind == kStructure || s.elem.kind == kMap
	}
	return false
}

// singleValue reports whether the shape is a structure whose only member
// is "Value" of kind k, like EC2's AttributeValue and AttributeBooleanValue.
func (s *shape) singleValue(k kind) bool {
	return s.kind == kStructure && len(s.members) == 1 &&
		s.members[0].name == "Value" && s.members[0].shape.kind == k
}

var (
	shapeMu    sync.Mutex
	shapeCache = map[reflect.Type]*shape{}
)

// shapeOf returns the shape of a Go type.
func shapeOf(t reflect.Type) *shape {
	shapeMu.Lock()
	defer shapeMu.Unlock()
	return buildShape(t)
}

var timeType = reflect.TypeFor[interface{ UnixNano() int64 }]()

func buildShape(t reflect.Type) *shape {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if s, ok := shapeCache[t]; ok {
		return s
	}
	s := &shape{}
	shapeCache[t] = s
	switch t.Kind() {
	case reflect.String:
		s.kind = kString
	case reflect.Bool:
		s.kind = kBoolean
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		s.kind = kInteger
	case reflect.Float32, reflect.Float64:
		s.kind = kDouble
	case reflect.Slice, reflect.Array:
		s.kind = kList
		s.elem = buildShape(t.Elem())
	case reflect.Map:
		s.kind = kMap
		s.elem = buildShape(t.Elem())
	case reflect.Struct:
		if reflect.PointerTo(t).Implements(timeType) {
			s.kind = kString
			break
		}
		s.kind = kStructure
		s.members = structMembers(t)
	default:
		s.kind = kDocument
	}
	return s
}

func structMembers(t reflect.Type) []member {
	var ms []member
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		ms = append(ms, member{
			name:     name,
			shape:    buildShape(f.Type),
			required: strings.Contains(f.Tag.Get("cli"), "required"),
		})
	}
	return ms
}

var (
	firstCap      = regexp.MustCompile(`(.)([A-Z][a-z]+)`)
	endCap        = regexp.MustCompile(`([a-z0-9])([A-Z])`)
	pluralAcronym = regexp.MustCompile(`[A-Z]{2,}s$`)
)

// xformName turns an API name into the AWS CLI's option name:
// InstanceIds → instance-ids, NoReboot → no-reboot.
func xformName(name string) string {
	if strings.Contains(name, "-") {
		return name
	}
	if m := pluralAcronym.FindString(name); m != "" {
		name = name[:len(name)-len(m)] + "-" + strings.ToLower(m)
	}
	s := firstCap.ReplaceAllString(name, "${1}-${2}")
	return strings.ToLower(endCap.ReplaceAllString(s, "${1}-${2}"))
}

// camelName turns a CLI command name into the API operation name:
// run-instances → RunInstances.
func camelName(cli string) string {
	parts := strings.Split(cli, "-")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "")
}
