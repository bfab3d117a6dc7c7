package cli

import (
	"strings"

	jmespath "github.com/jmespath/go-jmespath"
)

// globals are the AWS CLI's top-level options, which may appear anywhere
// on the line.
type globals struct {
	region, profile, output string
	query                   *jmespath.JMESPath
	querySrc                string
	version                 bool
}

// globalOption describes one top-level option.
type globalOption struct {
	name   string
	value  bool // takes a value
	set    func(g *globals, v string) error
	hidden bool
}

var outputChoices = []string{"json", "text", "table"}

var globalOptions = []globalOption{
	{name: "region", value: true, set: func(g *globals, v string) error { g.region = v; return nil }},
	{name: "profile", value: true, set: func(g *globals, v string) error { g.profile = v; return nil }},
	{name: "output", value: true, set: func(g *globals, v string) error {
		for _, c := range outputChoices {
			if v == c {
				g.output = v
				return nil
			}
		}
		return invalidChoice("--output", v, outputChoices)
	}},
	{name: "query", value: true, set: func(g *globals, v string) error {
		q, err := compileQuery(v)
		if err != nil {
			return argparseError("argument --query: Bad value for --query %s: %s", v, strings.TrimPrefix(err.Error(), "SyntaxError: "))
		}
		g.query, g.querySrc = q, v
		return nil
	}},
	{name: "no-cli-pager", set: ignore},
	{name: "no-paginate", set: ignore},
	{name: "no-verify-ssl", set: ignore, hidden: true},
	{name: "no-sign-request", set: ignore, hidden: true},
	{name: "cli-auto-prompt", set: ignore, hidden: true},
	{name: "no-cli-auto-prompt", set: ignore, hidden: true},
	{name: "color", value: true, set: func(*globals, string) error { return nil }, hidden: true},
	{name: "cli-binary-format", value: true, set: func(*globals, string) error { return nil }, hidden: true},
	{name: "version", set: func(g *globals, _ string) error { g.version = true; return nil }},
	{name: "debug", set: func(*globals, string) error {
		return argparseError("argument --debug: not available in the sandbox; the sandbox has no HTTP requests to log")
	}, hidden: true},
	{name: "endpoint-url", value: true, set: func(*globals, string) error {
		return argparseError("argument --endpoint-url: not available in the sandbox; every request goes to the simulated EC2")
	}, hidden: true},
}

func ignore(*globals, string) error { return nil }

// extractGlobals removes the top-level options from the words after "aws".
func extractGlobals(words []string) (*globals, []string, error) {
	g := &globals{}
	var rest []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		name, inline, hasInline := strings.Cut(strings.TrimPrefix(w, "--"), "=")
		if strings.HasPrefix(w, "--") {
			full, err := resolveOption(w, name, globalNames())
			if err != nil {
				return nil, nil, err
			}
			name = full
		}
		opt := findGlobal(name)
		if !strings.HasPrefix(w, "--") || opt == nil {
			rest = append(rest, w)
			continue
		}
		if !opt.value {
			if hasInline {
				return nil, nil, argparseError("argument --%s: ignored explicit argument '%s'", name, inline)
			}
			if err := opt.set(g, ""); err != nil {
				return nil, nil, err
			}
			continue
		}
		if !hasInline {
			if i+1 >= len(words) || looksLikeOption(words[i+1]) {
				return nil, nil, argparseError("argument --%s: expected one argument", name)
			}
			i++
			inline = words[i]
		}
		if err := opt.set(g, inline); err != nil {
			return nil, nil, err
		}
	}
	return g, rest, nil
}

func findGlobal(name string) *globalOption {
	for i := range globalOptions {
		if globalOptions[i].name == name {
			return &globalOptions[i]
		}
	}
	return nil
}

func globalNames() []string {
	names := make([]string, len(globalOptions))
	for i, o := range globalOptions {
		names[i] = o.name
	}
	return names
}
