package lesson

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Check is a checkpoint: a read-only command whose output must satisfy an
// expectation.
type Check struct {
	// Label says, in the learner's words, what must be true ("Two instances are running").
	Label string
	// Command is a read-only command line: "aws ec2 describe-…" or another
	// "aws <service> describe-…" or "aws <service> get-…" command, or, with
	// Instance set, "sandbox http {instance} [PATH]" or "sandbox exec
	// {instance} -- PROGRAM …" with a program that only reads.
	Command string
	// Expect is the expectation on the command's output: a value (JSON or
	// text) it must equal, or an operator and a value: == != > >= < <=
	// contains, "not contains". See content/README.md.
	Expect string
	// Hint helps a learner whose check does not pass yet. It may be empty.
	Hint string
	// Instance, when set, makes this a check of what instances run: it is
	// the value of describe-instances' --filters that finds them (such as
	// "Name=tag:Name,Values=web Name=instance-state-name,Values=running"),
	// and Command, a sandbox http or sandbox exec line, names the instance
	// as InstanceRef. See Run.
	Instance string `json:",omitempty"`
}

// InstanceRef stands for the instance in the command of a check of what
// instances run ("sandbox http {instance}").
const InstanceRef = "{instance}"

// ListCommand is the command that lists the ids of the instances a check
// of what instances run is about ("" for other checks).
func (c Check) ListCommand() string {
	if c.Instance == "" {
		return ""
	}
	return "aws ec2 describe-instances --filters " + c.Instance + ` --query "Reservations[].Instances[].InstanceId" --output text`
}

// On is the check's command run on one instance.
func (c Check) On(instanceID string) string {
	return strings.ReplaceAll(c.Command, InstanceRef, instanceID)
}

// Run evaluates the check with run, which runs one command line in the
// sandbox and returns its output and exit code. A check of what instances
// run lists them first (ListCommand), then runs its command on each: it
// passes when the output satisfies Expect on at least one of them.
func (c Check) Run(run func(line string) (output string, exitCode int)) (ok bool, detail string) {
	if c.Instance == "" {
		return c.Evaluate(run(c.Command))
	}
	out, code := run(c.ListCommand())
	if code != 0 {
		first, _, _ := strings.Cut(strings.TrimSpace(out), "\n")
		return false, fmt.Sprintf("could not list the instances (exit code %d): %s", code, clip(first, 240))
	}
	ids := strings.Fields(out)
	if len(ids) == 0 {
		return false, "no instance matches " + c.Instance
	}
	for _, id := range ids {
		ok, detail = c.Evaluate(run(c.On(id)))
		detail = id + ": " + detail
		if ok {
			return true, detail
		}
	}
	return false, detail
}

// op is a comparison operator of an expectation.
type op string

const (
	opEq          op = "=="
	opNe          op = "!="
	opGe          op = ">="
	opLe          op = "<="
	opGt          op = ">"
	opLt          op = "<"
	opContains    op = "contains"
	opNotContains op = "not contains"
)

// expectation is a parsed Check.Expect.
type expectation struct {
	op   op
	raw  string // the value as written
	val  any    // the value decoded as JSON, or nil when isJSON is false
	json bool   // raw is a JSON value
	num  float64
}

// ops in the order they are tried: longer operators before their prefixes.
var ops = []op{opNotContains, opContains, opEq, opNe, opGe, opLe, opGt, opLt}

func parseExpect(s string) (expectation, error) {
	s = strings.TrimSpace(s)
	e := expectation{op: opEq}
	for _, o := range ops {
		if rest, ok := strings.CutPrefix(s, string(o)); ok {
			if o == opContains || o == opNotContains {
				if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
					continue // a bare word that merely starts with "contains"
				}
			}
			e.op, s = o, strings.TrimSpace(rest)
			break
		}
	}
	if s == "" {
		return e, fmt.Errorf("no value to compare with (write for example: >= 2, == \"running\", contains \"ami-\")")
	}
	e.raw = s
	if v, err := decodeJSON(s); err == nil {
		e.val, e.json = v, true
	}
	switch e.op {
	case opGe, opLe, opGt, opLt:
		n, ok := number(e.val, e.json, s)
		if !ok {
			return e, fmt.Errorf("%s needs a number, got %q", e.op, s)
		}
		e.num = n
	}
	return e, nil
}

// Evaluate compares the output and exit code of c.Command with c.Expect. ok
// reports whether the check passes; detail says what was found, in a form
// suitable to show a learner. A command that failed (exitCode != 0) never
// passes.
//
// Output is read as JSON when it parses as JSON (the CLI's default output),
// otherwise as text (--output text); leading and trailing white space is
// ignored. Values compare as JSON when both sides are JSON; otherwise their
// texts compare with runs of white space treated as one space, a JSON string
// standing for its contents.
func (c Check) Evaluate(output string, exitCode int) (ok bool, detail string) {
	e, err := parseExpect(c.Expect)
	if err != nil {
		return false, "the check is malformed: " + err.Error()
	}
	out := strings.TrimSpace(output)
	if exitCode != 0 {
		first, _, _ := strings.Cut(out, "\n")
		return false, fmt.Sprintf("the command failed (exit code %d): %s", exitCode, clip(first, 240))
	}
	got, gotJSON := any(nil), false
	if v, err := decodeJSON(out); err == nil {
		got, gotJSON = v, true
	}
	shown := clip(strings.Join(strings.Fields(out), " "), 160)
	if shown == "" {
		shown = "no output"
	}
	switch e.op {
	case opEq, opNe:
		eq := equal(e, got, gotJSON, out)
		if eq == (e.op == opEq) {
			return true, "got " + shown
		}
		return false, fmt.Sprintf("expected %s %s, got %s", e.op, e.raw, shown)
	case opContains, opNotContains:
		has := containsValue(e, got, gotJSON, out)
		if has == (e.op == opContains) {
			return true, "got " + shown
		}
		verb := "contain"
		if e.op == opNotContains {
			verb = "not contain"
		}
		return false, fmt.Sprintf("expected the output to %s %s, got %s", verb, e.raw, shown)
	default:
		n, isNum := number(got, gotJSON, out)
		if !isNum {
			return false, fmt.Sprintf("expected a number %s %s, got %s", e.op, e.raw, shown)
		}
		var pass bool
		switch e.op {
		case opGe:
			pass = n >= e.num
		case opLe:
			pass = n <= e.num
		case opGt:
			pass = n > e.num
		case opLt:
			pass = n < e.num
		}
		if pass {
			return true, "got " + shown
		}
		return false, fmt.Sprintf("expected %s %s, got %s", e.op, e.raw, shown)
	}
}

// decodeJSON decodes exactly one JSON value, keeping numbers as json.Number.
func decodeJSON(s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("more than one value")
	}
	if _, err := dec.Token(); err == nil {
		return nil, fmt.Errorf("trailing data")
	}
	return v, nil
}

// number reads a finite number from a JSON value or, failing that, from text.
func number(v any, isJSON bool, text string) (float64, bool) {
	s := strings.TrimSpace(text)
	if isJSON {
		n, ok := v.(json.Number)
		if !ok {
			return 0, false
		}
		s = n.String()
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// textOf is the text a value stands for: a JSON string's contents, or the
// text as written, with runs of white space reduced to one space.
func textOf(v any, isJSON bool, raw string) string {
	if s, ok := v.(string); ok && isJSON {
		raw = s
	}
	return strings.Join(strings.Fields(raw), " ")
}

func equal(e expectation, got any, gotJSON bool, out string) bool {
	if e.json && gotJSON {
		return jsonEqual(e.val, got)
	}
	return textOf(e.val, e.json, e.raw) == textOf(got, gotJSON, out)
}

// jsonEqual compares decoded JSON values, numbers by value.
func jsonEqual(a, b any) bool {
	switch x := a.(type) {
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		fx, ex := x.Float64()
		fy, ey := y.Float64()
		if ex != nil || ey != nil {
			return x == y
		}
		return fx == fy
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jsonEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !jsonEqual(xv, yv) {
				return false
			}
		}
		return true
	default:
		return reflect.DeepEqual(a, b)
	}
}

// containsValue reports whether the output holds the expected value: an
// element of a JSON array equal to it, or its text inside the output's text or
// inside any string of the JSON output.
func containsValue(e expectation, got any, gotJSON bool, out string) bool {
	if arr, ok := got.([]any); ok && gotJSON && e.json {
		for _, el := range arr {
			if jsonEqual(e.val, el) {
				return true
			}
		}
	}
	want := textOf(e.val, e.json, e.raw)
	if strings.Contains(strings.Join(strings.Fields(out), " "), want) {
		return true
	}
	return gotJSON && anyString(got, func(s string) bool { return strings.Contains(s, want) })
}

// anyString reports whether f holds for some string inside v.
func anyString(v any, f func(string) bool) bool {
	switch x := v.(type) {
	case string:
		return f(x)
	case []any:
		for _, el := range x {
			if anyString(el, f) {
				return true
			}
		}
	case map[string]any:
		for _, el := range x {
			if anyString(el, f) {
				return true
			}
		}
	}
	return false
}
