package cli

import (
	"fmt"
	"slices"
	"strings"
)

// argument is one option of a command, as argparse would see it.
type argument struct {
	name     string // CLI name without dashes: "instance-ids"
	negative string // for flags: the name that sets false ("no-dry-run")
	api      string // the input member it fills; "" for a custom argument
	shape    *shape
	required bool
	hidden   bool // accepted, but not offered in help or completion
	// custom arguments carry their own conversion into the request.
	apply func(params *object, value string) error
}

// flag reports whether the argument takes no value.
func (a *argument) flag() bool {
	if a.apply != nil {
		return false
	}
	return a.shape.kind == kBoolean || a.shape.singleValue(kBoolean)
}

// list reports whether the argument takes one or more values (nargs='+').
func (a *argument) list() bool { return a.apply == nil && a.shape.kind == kList }

// parsedArgs is what the option parser found on a command line.
type parsedArgs struct {
	values  map[*argument][]string // the words given to each argument
	flags   map[*argument]bool     // flags given and their value
	order   []*argument            // arguments in the order first given
	unknown []string               // unknown options and stray words
	help    bool                   // a lone "help" word
}

// usageError is an AWS CLI usage error (exit code 252). An argparse-style
// error prints the usage text first; others print only the message.
type usageError struct {
	msg      string
	argparse bool
	unknown  bool
}

func (e *usageError) Error() string { return e.msg }

func argparseError(format string, a ...any) *usageError {
	return &usageError{msg: fmt.Sprintf(format, a...), argparse: true}
}

// looksLikeOption reports whether argparse would read a word as an option.
func looksLikeOption(w string) bool {
	if len(w) < 2 || w[0] != '-' {
		return false
	}
	return !(w[1] >= '0' && w[1] <= '9' || w[1] == '.')
}

// parseArgs reads the words after the command name, argparse-style.
func parseArgs(table []*argument, words []string) (*parsedArgs, error) {
	byName := map[string]*argument{}
	var names []string
	for _, a := range table {
		byName[a.name] = a
		names = append(names, a.name)
		if a.negative != "" {
			byName[a.negative] = a
			names = append(names, a.negative)
		}
	}
	p := &parsedArgs{values: map[*argument][]string{}, flags: map[*argument]bool{}}
	if len(words) == 1 && words[0] == "help" {
		p.help = true
		return p, nil
	}
	positional := []string{}
	seen := func(a *argument) {
		if _, ok := p.values[a]; ok {
			return
		}
		if _, ok := p.flags[a]; ok {
			return
		}
		p.order = append(p.order, a)
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == "--" {
			positional = append(positional, words[i+1:]...)
			break
		}
		if !looksLikeOption(w) {
			positional = append(positional, w)
			continue
		}
		name, inline, hasInline := strings.Cut(strings.TrimLeft(w, "-"), "=")
		name, err := resolveOption(w, name, names)
		if err != nil {
			return nil, err
		}
		a, ok := byName[name]
		if !ok || !strings.HasPrefix(w, "--") {
			p.unknown = append(p.unknown, w)
			continue
		}
		if a.flag() {
			if hasInline {
				return nil, argparseError("argument --%s: ignored explicit argument '%s'", name, inline)
			}
			seen(a)
			p.flags[a] = name == a.name
			continue
		}
		var vals []string
		if hasInline {
			vals = []string{inline}
		}
		for !hasInline && i+1 < len(words) && !looksLikeOption(words[i+1]) && words[i+1] != "--" {
			i++
			vals = append(vals, words[i])
			if !a.list() {
				break
			}
		}
		if len(vals) == 0 {
			if a.list() {
				return nil, argparseError("argument --%s: expected at least one argument", a.name)
			}
			return nil, argparseError("argument --%s: expected one argument", a.name)
		}
		seen(a)
		p.values[a] = vals
	}
	var missing []string
	for _, a := range table {
		if !a.required {
			continue
		}
		_, v := p.values[a]
		_, f := p.flags[a]
		if !v && !f {
			missing = append(missing, "--"+a.name)
		}
	}
	if len(missing) > 0 {
		return nil, argparseError("the following arguments are required: %s", strings.Join(missing, ", "))
	}
	if len(positional) > 0 && positional[0] == "help" && len(p.order) == 0 {
		p.help = true
		positional = positional[1:]
	}
	p.unknown = append(p.unknown, positional...)
	if len(p.unknown) > 0 && !p.help {
		return nil, &usageError{msg: "Unknown options: " + strings.Join(p.unknown, ", "), unknown: true}
	}
	return p, nil
}

// resolveOption finds the option name a word w gives: the name itself, or,
// as argparse allows, the one option the name is a prefix of. It returns
// "" when no option matches.
func resolveOption(w, name string, names []string) (string, error) {
	if name == "" || slices.Contains(names, name) {
		return name, nil
	}
	var matches []string
	for _, n := range names {
		if strings.HasPrefix(n, name) {
			matches = append(matches, "--"+n)
		}
	}
	switch len(matches) {
	case 0:
		return "", nil
	case 1:
		return matches[0][2:], nil
	}
	return "", argparseError("ambiguous option: %s could match %s", w, strings.Join(matches, ", "))
}
