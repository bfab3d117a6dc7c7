// Package cli runs AWS CLI v2 command lines (aws ec2 …) and the sandbox's own
// verbs (sandbox …) against a simulated engine.World, printing what the AWS
// CLI would print, errors and exit codes included.
package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"amilab/engine"
)

// Session is one terminal: a world, the calling account (profile) and region.
type Session struct {
	World   *engine.World
	Profile string // the CLI profile used when --profile is not given
	Region  string // the region used when --region is not given
}

// NewSession opens a terminal on w as the learner ("default" profile) in us-east-1.
func NewSession(w *engine.World) *Session {
	return &Session{World: w, Profile: "default", Region: "us-east-1"}
}

// Result is what a command line printed and its exit status.
type Result struct {
	// Output is everything printed (standard output and standard error
	// together); it ends with "\n" when not empty.
	Output string
	// ExitCode is 0 on success, 252 for a usage error, 253 for an unknown
	// profile, 254 for a service error, 255 for any other AWS CLI error and
	// 1 for an error of a sandbox verb or of the line itself.
	ExitCode int
}

// Run runs one command line. Blank lines and comments print nothing.
func (s *Session) Run(line string) (res Result) {
	defer func() {
		if r := recover(); r != nil {
			res = Result{Output: fmt.Sprintf("\ninternal error: %v\n", r), ExitCode: exitGeneral}
		}
	}()
	if res, ok := s.runGuestVerb(line); ok {
		return res // the guest's shell parses its own command line
	}
	words, err := Tokenize(line)
	if err != nil {
		return Result{Output: "syntax error: " + err.Error() + "\n", ExitCode: exitSandbox}
	}
	if len(words) == 0 {
		return Result{}
	}
	switch words[0] {
	case "aws":
		return s.runAWS(words[1:])
	case "sandbox":
		return s.runSandbox(words[1:])
	}
	hint := "commands start with \"aws\" (aws ec2 help) or \"sandbox\" (sandbox help)"
	return Result{Output: fmt.Sprintf("%s: command not found; %s\n", words[0], hint), ExitCode: exitSandbox}
}

// runAWS runs the words after "aws".
func (s *Session) runAWS(words []string) Result {
	g, rest, err := extractGlobals(words)
	if err != nil {
		return errorResult(err)
	}
	if g.version {
		return Result{Output: "aws-cli/2.22.0 Python/3.12.6 AMI-Lab/sandbox\n"}
	}
	if len(rest) == 0 {
		return usageResult(argparseError("the following arguments are required: command"))
	}
	switch rest[0] {
	case "help":
		return Result{Output: topHelp()}
	case "configure":
		return s.runConfigure(rest[1:], g)
	}
	sv := findService(rest[0])
	if sv == nil {
		return usageResult(invalidChoice("command", rest[0], append(serviceNames(), "configure", "help")))
	}
	if len(rest) == 1 {
		return usageResult(argparseError("the following arguments are required: operation"))
	}
	switch rest[1] {
	case "help":
		return Result{Output: serviceHelp(sv)}
	case "wait":
		if sv.name == "ec2" {
			return s.runWait(sv, rest[2:], g)
		}
	}
	op := sv.op(rest[1])
	if op == nil {
		return usageResult(invalidChoice("operation", rest[1], sv.choices()))
	}
	return s.runOperation(op, rest[2:], g)
}

// runOperation parses an operation's arguments, calls it and formats the
// response.
func (s *Session) runOperation(op *operation, words []string, g *globals) Result {
	in, caller, stop := s.prepare(op, words, g)
	if stop != nil {
		return *stop
	}
	out, err := op.call(s, caller, in)
	if err != nil {
		return serviceError(op.api, err)
	}
	return formatResponse(op.api, out, g)
}

// prepare turns an operation's words into its request and the caller, or
// into the result to print instead (help or an error).
func (s *Session) prepare(op *operation, words []string, g *globals) (any, engine.Caller, *Result) {
	parsed, err := parseArgs(op.arguments(), words)
	if err != nil {
		res := errorResult(err)
		return nil, engine.Caller{}, &res
	}
	if parsed.help {
		return nil, engine.Caller{}, &Result{Output: operationHelp(op)}
	}
	in, err := op.request(parsed)
	if err != nil {
		res := errorResult(err)
		return nil, engine.Caller{}, &res
	}
	caller, res, ok := s.caller(g)
	if !ok {
		return nil, engine.Caller{}, &res
	}
	return in, caller, nil
}

// request builds the operation's request struct from the parsed words.
func (op *operation) request(p *parsedArgs) (any, error) {
	if op.spec.check != nil {
		if err := op.spec.check(p); err != nil {
			return nil, err
		}
	}
	params, err := buildParams(op.arguments(), p)
	if err != nil {
		return nil, err
	}
	if op.spec.defaults != nil {
		op.spec.defaults(params)
	}
	if err := validateParams(params, shapeOf(op.input)); err != nil {
		return nil, err
	}
	var b strings.Builder
	encodeJSON(&b, params, 0)
	in := reflect.New(op.input).Interface()
	if err := json.Unmarshal([]byte(b.String()), in); err != nil {
		return nil, &validationError{problems: []string{err.Error()}}
	}
	return in, nil
}

// caller resolves the profile and region for a call.
func (s *Session) caller(g *globals) (engine.Caller, Result, bool) {
	profile, region := s.Profile, s.Region
	if g.profile != "" {
		profile = g.profile
	}
	if g.region != "" {
		region = g.region
	}
	if region == "" {
		msg := "\nYou must specify a region. You can also configure your region by running \"aws configure\".\n"
		return engine.Caller{}, Result{Output: msg, ExitCode: exitConfiguration}, false
	}
	acct, ok := s.World.AccountByProfile(profile)
	if !ok {
		msg := fmt.Sprintf("\nThe config profile (%s) could not be found\n", profile)
		return engine.Caller{}, Result{Output: msg, ExitCode: exitConfiguration}, false
	}
	return engine.Caller{Account: acct.ID, Region: region}, Result{}, true
}

// errorResult prints a CLI-side error.
func errorResult(err error) Result {
	if ue, ok := errors.AsType[*usageError](err); ok {
		return usageResult(ue)
	}
	return Result{Output: "\n" + strings.TrimSuffix(err.Error(), "\n") + "\n", ExitCode: exitUsage}
}

// serviceError prints an error returned by the engine.
func serviceError(api string, err error) Result {
	ee, ok := errors.AsType[*engine.Error](err)
	if !ok {
		return Result{Output: "\n" + err.Error() + "\n", ExitCode: exitGeneral}
	}
	if ee.Code == engine.CodeInvalidRegion {
		// The real CLI cannot even reach an unknown region's endpoint.
		return Result{Output: "\n" + ee.Message + "\n", ExitCode: exitGeneral}
	}
	return Result{
		Output:   fmt.Sprintf("\nAn error occurred (%s) when calling the %s operation: %s\n", ee.Code, api, ee.Message),
		ExitCode: exitService,
	}
}

// formatResponse applies --query and --output to a response.
func formatResponse(api string, out any, g *globals) Result {
	doc, err := toOrdered(out)
	if err != nil {
		return Result{Output: "\n" + err.Error() + "\n", ExitCode: exitGeneral}
	}
	if g.query != nil {
		doc, err = applyQuery(g.query, g.querySrc, doc)
		if err != nil {
			return Result{Output: "\n" + err.Error() + "\n", ExitCode: exitGeneral}
		}
	}
	switch g.output {
	case "text":
		return Result{Output: formatText(doc)}
	case "table":
		return Result{Output: formatTable(api, doc)}
	}
	if o, ok := doc.(*object); ok && o.len() == 0 {
		return Result{}
	}
	return Result{Output: jsonOut(doc)}
}
