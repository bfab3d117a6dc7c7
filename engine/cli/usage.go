package cli

import (
	"fmt"
	"sort"
	"strings"
)

// Exit codes, as the AWS CLI v2 uses them.
const (
	exitOK            = 0
	exitSandbox       = 1   // a sandbox verb or shell-level error
	exitUsage         = 252 // the command line is wrong
	exitConfiguration = 253 // unknown profile
	exitService       = 254 // the service returned an error
	exitGeneral       = 255 // anything else
)

// usageText is what argparse prints before its errors.
const usageText = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n" +
	"To see help text, you can run:\n" +
	"\n" +
	"  aws help\n" +
	"  aws <command> help\n" +
	"  aws <command> <subcommand> help\n"

// usageResult renders a usage error the way the AWS CLI does.
func usageResult(err *usageError) Result {
	switch {
	case err.unknown:
		return Result{Output: "\n" + usageText + "\n" + err.msg + "\n", ExitCode: exitUsage}
	case err.argparse:
		return Result{Output: usageText + "\naws: error: " + err.msg + "\n", ExitCode: exitUsage}
	}
	return Result{Output: "\n" + strings.TrimSuffix(err.msg, "\n") + "\n", ExitCode: exitUsage}
}

// invalidChoice is argparse's error for a word that is not one of the
// choices, with close matches suggested.
func invalidChoice(argName, value string, choices []string) *usageError {
	var b strings.Builder
	b.WriteString("argument " + argName + ": Invalid choice, valid choices are:\n")
	for i := 0; i < len(choices); i += 2 {
		b.WriteString("\n")
		row := []string{}
		for _, c := range choices[i:min(i+2, len(choices))] {
			row = append(row, fmt.Sprintf("%-40s", c))
		}
		b.WriteString(strings.Join(row, " | "))
	}
	if close := closeMatches(value, choices, 3, 0.8); len(close) > 0 {
		fmt.Fprintf(&b, "\n\n\nInvalid choice: %s, maybe you meant:\n", pyQuote(value))
		for _, c := range close {
			b.WriteString("\n  * " + c)
		}
	}
	return &usageError{msg: b.String(), argparse: true}
}

// closeMatches returns up to n choices whose similarity ratio to word is at
// least cutoff, best first, as Python's difflib.get_close_matches does.
func closeMatches(word string, choices []string, n int, cutoff float64) []string {
	type scored struct {
		score float64
		s     string
	}
	var found []scored
	for _, c := range choices {
		if r := similarity(c, word); r >= cutoff {
			found = append(found, scored{r, c})
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].score != found[j].score {
			return found[i].score > found[j].score
		}
		return found[i].s > found[j].s
	})
	var out []string
	for i := 0; i < len(found) && i < n; i++ {
		out = append(out, found[i].s)
	}
	return out
}

// similarity is difflib's SequenceMatcher(None, a, b).ratio(): twice the
// number of matching characters (longest common blocks, recursively) over
// the total length.
func similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra)+len(rb) == 0 {
		return 1
	}
	return 2 * float64(matching(ra, rb)) / float64(len(ra)+len(rb))
}

func matching(a, b []rune) int {
	i, j, k := longestMatch(a, b)
	if k == 0 {
		return 0
	}
	return k + matching(a[:i], b[:j]) + matching(a[i+k:], b[j+k:])
}

// longestMatch finds the longest common block, earliest in a, then in b.
func longestMatch(a, b []rune) (bi, bj, bk int) {
	prev := make([]int, len(b)+1)
	for i := range a {
		cur := make([]int, len(b)+1)
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
				if k := cur[j+1]; k > bk {
					bi, bj, bk = i-k+1, j-k+1, k
				}
			}
		}
		prev = cur
	}
	return bi, bj, bk
}
