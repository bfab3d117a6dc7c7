package cli

import (
	"fmt"
	"strings"

	"amilab/engine"
)

// Guests runs the software of instances: the guest runtime. The CLI finds
// it as the world's Hooks (the runtime follows boots through them), so the
// package needs no reference to the runtime itself (which is compiled only
// into native programs and the browser's guest worker).
type Guests interface {
	// Exec runs a command line on an instance as the connected user would
	// type it, and returns what the terminal shows and the exit status
	// (255 when ssh cannot connect).
	Exec(w *engine.World, instanceID, line string) (output string, code int)
	// HTTP fetches a path from the instance's port 80 as a browser at the
	// address from would; status 0 means no server answered and body then
	// says why, as the browser would.
	HTTP(w *engine.World, instanceID, path, from string) (status int, body string)
}

// guestVerbs are the sandbox verbs the guest runtime serves, for help.
var guestVerbs = []verb{
	{name: "exec", args: "INSTANCE-ID -- COMMAND LINE", summary: "run a command on an instance as the connected ec2-user (ssh)"},
	{name: "http", args: "INSTANCE-ID [PATH]", summary: "show what a browser gets from http://<public DNS>/PATH"},
}

// runGuestVerb runs "sandbox exec ID -- LINE" and "sandbox http ID [PATH]";
// ok is false for any other line. The command line after "--" is passed to
// the guest's shell untouched.
func (s *Session) runGuestVerb(line string) (res Result, ok bool) {
	words := strings.Fields(line)
	if len(words) < 2 || words[0] != "sandbox" || (words[1] != "exec" && words[1] != "http") {
		return Result{}, false
	}
	usage := func(v verb) Result {
		return Result{Output: "usage: sandbox " + v.name + " " + v.args + "\n", ExitCode: exitSandbox}
	}
	g, _ := s.World.Hooks.(Guests)
	if g == nil {
		return Result{Output: "sandbox: instances run no software in this sandbox (the guest runtime is not loaded)\n", ExitCode: exitSandbox}, true
	}
	if words[1] == "http" {
		if len(words) < 3 || len(words) > 4 {
			return usage(guestVerbs[1]), true
		}
		path := "/"
		if len(words) == 4 {
			path = words[3]
		}
		status, body := g.HTTP(s.World, words[2], path, engine.LearnerAddress)
		if status == 0 {
			return Result{Output: body, ExitCode: exitSandbox}, true
		}
		return Result{Output: terminated(fmt.Sprintf("HTTP/1.1 %d %s\n\n%s", status, statusText(status), body))}, true
	}
	id, cmd, found := commandLine(line)
	if !found || id == "" {
		return usage(guestVerbs[0]), true
	}
	out, code := g.Exec(s.World, id, cmd)
	return Result{Output: terminated(out), ExitCode: code}, true
}

// commandLine takes the instance id and the raw command line out of
// "sandbox exec ID -- LINE" (the "--" may be left out).
func commandLine(line string) (id, cmd string, ok bool) {
	rest := strings.TrimSpace(line)
	for _, w := range []string{"sandbox", "exec"} {
		var word string
		word, rest = cutWord(rest)
		if word != w {
			return "", "", false
		}
	}
	id, rest = cutWord(rest)
	if rest == "--" || strings.HasPrefix(rest, "-- ") {
		rest = strings.TrimSpace(rest[2:])
	}
	return id, rest, true
}

func cutWord(s string) (word, rest string) {
	s = strings.TrimLeft(s, " \t")
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimLeft(s[i:], " \t")
}

// terminated ends output with a newline, as Result promises.
func terminated(s string) string {
	if s != "" && !strings.HasSuffix(s, "\n") {
		return s + "\n"
	}
	return s
}

func statusText(code int) string {
	return map[int]string{200: "OK", 301: "Moved Permanently", 302: "Found", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error"}[code]
}
