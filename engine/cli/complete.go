package cli

import (
	"strings"

	"amilab/engine"
)

// Complete returns the candidates for the last, partial word of line: the
// program (aws, sandbox), a service, a command, a sandbox verb, or an
// option of the command being typed (and values of --output, --region and
// --profile). When line ends in a blank, the candidates are for a new word.
// Each candidate is a whole word that replaces the partial one.
func Complete(line string) []string {
	words, err := Tokenize(line)
	if err != nil {
		words = strings.Fields(line)
	}
	partial := ""
	if len(words) > 0 && line != "" && !strings.ContainsRune(" \t\n", rune(line[len(line)-1])) {
		partial = words[len(words)-1]
		words = words[:len(words)-1]
	}
	return filterPrefix(candidates(words, partial), partial)
}

func candidates(words []string, partial string) []string {
	if len(words) == 0 {
		return []string{"aws", "sandbox"}
	}
	switch words[0] {
	case "sandbox":
		return sandboxCandidates(words[1:])
	case "aws":
		return awsCandidates(words[1:], partial)
	}
	return nil
}

func sandboxCandidates(words []string) []string {
	switch {
	case len(words) == 0:
		var out []string
		for _, v := range append(append([]verb{}, verbs...), guestVerbs...) {
			out = append(out, v.name)
		}
		return out
	case len(words) == 1 && words[0] == "use-account":
		return []string{"learner", "colleague", "vendor"}
	case len(words) == 1 && words[0] == "use-region":
		return engine.Regions()
	}
	return nil
}

func awsCandidates(words []string, partial string) []string {
	if n := len(words); n > 0 {
		if opt := findGlobal(strings.TrimPrefix(words[n-1], "--")); opt != nil && opt.value && strings.HasPrefix(words[n-1], "--") {
			return globalValues(opt.name)
		}
	}
	var positional []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if opt := findGlobal(strings.TrimPrefix(w, "--")); opt != nil && strings.HasPrefix(w, "--") {
			if opt.value {
				i++
			}
			continue
		}
		if !looksLikeOption(w) {
			positional = append(positional, w)
		}
	}
	var sv *service
	var op *operation
	if len(positional) > 0 {
		sv = findService(positional[0])
	}
	waiting := sv != nil && len(positional) > 1 && positional[1] == "wait"
	switch {
	case waiting && len(positional) > 2:
		if w := findWaiter(positional[2]); w != nil {
			op = sv.op(w.op)
		}
	case sv != nil && len(positional) > 1:
		op = sv.op(positional[1])
	}
	if strings.HasPrefix(partial, "-") || op != nil {
		return optionCandidates(op, words)
	}
	switch {
	case len(positional) == 0:
		return append(serviceNames(), "configure", "help")
	case sv != nil && len(positional) == 1:
		return append(sv.names(), "wait", "help")
	case waiting && len(positional) == 2:
		return waiterNames()
	}
	return nil
}

// optionCandidates lists the options of op not given yet in words, then the
// global options.
func optionCandidates(op *operation, words []string) []string {
	used := map[string]bool{}
	for _, w := range words {
		used[strings.TrimPrefix(w, "--")] = true
	}
	var out []string
	if op != nil {
		for _, a := range op.arguments() {
			if a.hidden || used[a.name] || used[a.negative] {
				continue
			}
			out = append(out, "--"+a.name)
			if a.negative != "" {
				out = append(out, "--"+a.negative)
			}
		}
	}
	for _, g := range globalOptions {
		if !g.hidden && !used[g.name] {
			out = append(out, "--"+g.name)
		}
	}
	return out
}

func globalValues(name string) []string {
	switch name {
	case "output":
		return outputChoices
	case "region":
		return engine.Regions()
	case "profile":
		return []string{"default", "colleague", "vendor"}
	}
	return nil
}

func filterPrefix(list []string, prefix string) []string {
	out := []string{}
	for _, c := range list {
		if strings.HasPrefix(c, prefix) {
			out = append(out, c)
		}
	}
	return out
}
