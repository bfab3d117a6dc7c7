package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"amilab/engine"
)

// verb is one of the sandbox's own commands.
type verb struct {
	name, args, summary string
	run                 func(s *Session, args []string) (string, error)
}

var verbs []verb

func init() {
	verbs = []verb{
		{"advance", "DURATION", "move the virtual clock forward (90s, 2m, 1h30m)", (*Session).advance},
		{"time", "", "print the virtual time", (*Session).now},
		{"whoami", "", "print the profile, account and region in use", (*Session).whoami},
		{"use-account", "learner|colleague|vendor", "act as another account from now on", (*Session).useAccount},
		{"use-region", "REGION", "use another region from now on", (*Session).useRegion},
		{"reset", "", "throw the world away and start a fresh one", (*Session).reset},
		{"fail-host", "INSTANCE-ID", "make the host under a running instance fail", (*Session).failHost},
		{"bill", "", "show the account's charges so far", (*Session).bill},
		{"events", "", "show the account's activity log", (*Session).events},
		{"set-vcpu-quota", "VCPUS", "grant the account a new running vCPU quota (a Service Quotas increase in AWS)", (*Session).setQuota},
		{"subscribe", "PRODUCT-CODE", "accept a Marketplace product's terms (done on the Marketplace website in AWS)", (*Session).subscribe},
		{"help", "", "list the sandbox commands", (*Session).sandboxHelp},
	}
}

// runSandbox runs the words after "sandbox".
func (s *Session) runSandbox(words []string) Result {
	if len(words) == 0 {
		words = []string{"help"}
	}
	for _, v := range verbs {
		if v.name != words[0] {
			continue
		}
		want := 0
		if v.args != "" {
			want = 1
		}
		if len(words)-1 != want {
			usage := strings.TrimSpace("sandbox " + v.name + " " + v.args)
			return Result{Output: "usage: " + usage + "\n", ExitCode: exitSandbox}
		}
		out, err := v.run(s, words[1:])
		if err != nil {
			return Result{Output: "sandbox: " + err.Error() + "\n", ExitCode: exitSandbox}
		}
		return Result{Output: out}
	}
	return Result{Output: fmt.Sprintf("sandbox: unknown command %q; try: sandbox help\n", words[0]), ExitCode: exitSandbox}
}

func (s *Session) sandboxHelp([]string) (string, error) {
	var b strings.Builder
	b.WriteString("Sandbox commands (not part of AWS):\n\n")
	for _, v := range append(append([]verb{}, verbs...), guestVerbs...) {
		fmt.Fprintf(&b, "  %-46s %s\n", strings.TrimSpace("sandbox "+v.name+" "+v.args), v.summary)
	}
	return b.String(), nil
}

func (s *Session) advance(args []string) (string, error) {
	d, err := time.ParseDuration(args[0])
	if err != nil || d <= 0 {
		return "", fmt.Errorf("cannot advance by %q: give a positive duration such as 90s, 2m or 1h30m", args[0])
	}
	s.World.Advance(d)
	return s.now(nil)
}

func (s *Session) now([]string) (string, error) {
	return s.World.Now().UTC().Format("2006-01-02T15:04:05+00:00") + "\n", nil
}

func (s *Session) whoami([]string) (string, error) {
	acct, ok := s.World.AccountByProfile(s.Profile)
	if !ok {
		return "", fmt.Errorf("profile %q selects no account", s.Profile)
	}
	return fmt.Sprintf("profile  %s\naccount  %s (%s)\nregion   %s\n", s.Profile, acct.ID, acct.Name, s.Region), nil
}

func (s *Session) useAccount(args []string) (string, error) {
	acct, ok := s.World.AccountByProfile(args[0])
	if !ok {
		var names []string
		for _, a := range s.World.Accounts() {
			names = append(names, accountLabel(a))
		}
		return "", fmt.Errorf("no account %q; choose one of: %s", args[0], strings.Join(names, ", "))
	}
	s.Profile = acct.Profile
	return s.whoami(nil)
}

// accountLabel is the word that selects an account in use-account.
func accountLabel(a engine.Account) string {
	if a.Profile == "default" {
		return "learner"
	}
	return a.Profile
}

func (s *Session) useRegion(args []string) (string, error) {
	for _, r := range engine.Regions() {
		if r == args[0] {
			s.Region = r
			return s.whoami(nil)
		}
	}
	return "", fmt.Errorf("no region %q; choose one of: %s", args[0], strings.Join(engine.Regions(), ", "))
}

func (s *Session) reset([]string) (string, error) {
	hooks := s.World.Hooks
	s.World = engine.New(s.World.Options())
	s.World.Hooks = hooks
	return "The sandbox was reset: a fresh world at " + strings.TrimSpace(mustNow(s)) + ".\n", nil
}

func mustNow(s *Session) string { t, _ := s.now(nil); return t }

// defaultCaller is the caller of the session's profile and region.
func (s *Session) defaultCaller() (engine.Caller, error) {
	c, res, ok := s.caller(&globals{})
	if !ok {
		return c, errors.New(strings.TrimSpace(res.Output))
	}
	return c, nil
}

func (s *Session) failHost(args []string) (string, error) {
	c, err := s.defaultCaller()
	if err != nil {
		return "", err
	}
	if err := s.World.FailHost(c, args[0]); err != nil {
		return "", plainError(err)
	}
	return fmt.Sprintf("The host under %s failed.\n", args[0]), nil
}

func (s *Session) subscribe(args []string) (string, error) {
	c, err := s.defaultCaller()
	if err != nil {
		return "", err
	}
	if err := s.World.Subscribe(c, &engine.SubscribeInput{ProductCode: args[0]}); err != nil {
		return "", plainError(err)
	}
	return fmt.Sprintf("Subscribed to product %s.\n", args[0]), nil
}

// plainError words an engine error for a sandbox verb.
func plainError(err error) error {
	if ee, ok := errors.AsType[*engine.Error](err); ok {
		return fmt.Errorf("%s (%s)", ee.Message, ee.Code)
	}
	return err
}

func (s *Session) bill([]string) (string, error) {
	c, err := s.defaultCaller()
	if err != nil {
		return "", err
	}
	bill := s.World.Bill(c.Account)
	var b strings.Builder
	fmt.Fprintf(&b, "%-9s %-22s %-16s %9s %12s\n", "KIND", "RESOURCE", "DETAIL", "SECONDS", "COST (USD)")
	for _, l := range bill.Lines {
		mark := ""
		if l.Open {
			mark = " (running)"
		}
		fmt.Fprintf(&b, "%-9s %-22s %-16s %9d %12.6f%s\n", l.Kind, l.Resource, l.Detail, l.Seconds, l.Cost, mark)
	}
	fmt.Fprintf(&b, "Total: %.6f USD\n", bill.Total)
	return b.String(), nil
}

func (s *Session) events([]string) (string, error) {
	c, err := s.defaultCaller()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, e := range s.World.Events(c.Account) {
		fmt.Fprintf(&b, "%s  %-9s  %-20s  %s\n", e.Time.UTC().Format("2006-01-02T15:04:05+00:00"), e.Region, e.Action, e.Message)
	}
	if b.Len() == 0 {
		return "No activity yet.\n", nil
	}
	return b.String(), nil
}

func (s *Session) setQuota(args []string) (string, error) {
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 0 || n > 100000 {
		return "", fmt.Errorf("cannot set the quota to %q: give a whole number of vCPUs from 0 to 100000", args[0])
	}
	acct, ok := s.World.AccountByProfile(s.Profile)
	if !ok {
		return "", fmt.Errorf("profile %q selects no account", s.Profile)
	}
	if err := s.World.SetVcpuQuota(acct.ID, n); err != nil {
		return "", err
	}
	return fmt.Sprintf("running On-Demand vCPU quota of %s (%s): %d\n", acct.ID, accountLabel(acct), n), nil
}
