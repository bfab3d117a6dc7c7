package cli

import (
	"reflect"
	"slices"
	"strings"
	"sync"

	"amilab/engine"
)

// operation is one command of a service: its CLI name, its API name, the
// Go type of its request and the call that carries it out.
type operation struct {
	name  string       // CLI name: "run-instances"
	api   string       // API name: "RunInstances"
	input reflect.Type // request struct type
	call  func(s *Session, c engine.Caller, in any) (any, error)
	spec  spec

	once  sync.Once
	table []*argument
}

// spec holds what the AWS CLI adds to or changes in an operation's
// arguments beyond what the request type says.
type spec struct {
	required []string    // API names of required members
	remove   []string    // API names with no option (replaced by extra arguments)
	hide     []string    // API names accepted but not offered
	extra    []*argument // custom arguments, added after the members
	// defaults fills in members the CLI always sends.
	defaults func(params *object)
	// check rejects combinations of arguments the CLI refuses.
	check func(p *parsedArgs) error
}

// engineOp binds a command to an engine method, such as
// (*engine.World).RunInstances. In and Out are pointers to the request and
// response structs: every operation then shares one instantiation.
func engineOp[In, Out any](name string, method func(*engine.World, engine.Caller, In) (Out, error), sp spec) *operation {
	return sessionOp(name, func(s *Session, c engine.Caller, in In) (Out, error) { return method(s.World, c, in) }, sp)
}

// sessionOp binds a command answered by the session itself, like
// sts get-caller-identity.
func sessionOp[In, Out any](name string, f func(*Session, engine.Caller, In) (Out, error), sp spec) *operation {
	return &operation{
		name:  name,
		api:   camelName(name),
		input: reflect.TypeFor[In]().Elem(),
		spec:  sp,
		call: func(s *Session, c engine.Caller, in any) (any, error) {
			out, err := f(s, c, in.(In))
			if err != nil {
				return nil, err
			}
			return out, nil
		},
	}
}

// arguments returns the operation's argument table: one option per request
// member, in declaration order, then the custom ones.
func (op *operation) arguments() []*argument {
	op.once.Do(func() {
		sh := shapeOf(op.input)
		for _, m := range sh.members {
			if slices.Contains(op.spec.remove, m.name) {
				continue
			}
			a := &argument{
				name:     xformName(m.name),
				api:      m.name,
				shape:    m.shape,
				required: m.required || slices.Contains(op.spec.required, m.name),
				hidden:   slices.Contains(op.spec.hide, m.name),
			}
			if a.flag() {
				a.negative = negativeName(a.name)
			}
			op.table = append(op.table, a)
		}
		op.table = append(op.table, op.spec.extra...)
	})
	return op.table
}

// negativeName is the option that gives a flag the opposite value:
// --no-dry-run for --dry-run, --reboot for --no-reboot.
func negativeName(name string) string {
	if rest, ok := strings.CutPrefix(name, "no-"); ok {
		return rest
	}
	return "no-" + name
}

// service is a top-level command such as ec2 or sts.
type service struct {
	name string
	ops  []*operation
}

func (sv *service) op(name string) *operation {
	for _, op := range sv.ops {
		if op.name == name {
			return op
		}
	}
	return nil
}

func (sv *service) names() []string {
	names := make([]string, len(sv.ops))
	for i, op := range sv.ops {
		names[i] = op.name
	}
	return names
}

// choices lists the words accepted after the service name, as the AWS CLI
// lists them when given another: commands in order, then wait and help.
func (sv *service) choices() []string {
	names := sorted(sv.names())
	if sv.name == "ec2" {
		names = append(names, "wait")
	}
	return append(names, "help")
}
