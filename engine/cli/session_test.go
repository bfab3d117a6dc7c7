package cli

import (
	"fmt"
	"strings"
	"testing"

	"amilab/engine"
)

func newTestSession() *Session { return NewSession(engine.New(engine.Options{})) }

func TestUsageErrors(t *testing.T) {
	usage := usageText
	tests := []struct {
		line string
		want string
		code int
	}{
		{"", "", 0},
		{"   # a comment", "", 0},
		{"aws", usage + "\naws: error: the following arguments are required: command\n", 252},
		{"aws ec2", usage + "\naws: error: the following arguments are required: operation\n", 252},
		{"aws ec2 describe-instances --foo", "\n" + usage + "\nUnknown options: --foo\n", 252},
		{"aws ec2 describe-instances --foo bar --baz", "\n" + usage + "\nUnknown options: --foo, --baz, bar\n", 252},
		{"aws ec2 describe-instances i-123", "\n" + usage + "\nUnknown options: i-123\n", 252},
		{"aws ec2 stop-instances", usage + "\naws: error: the following arguments are required: --instance-ids\n", 252},
		{"aws ec2 create-image", usage + "\naws: error: the following arguments are required: --instance-id, --name\n", 252},
		{"aws ec2 stop-instances --instance-ids", usage + "\naws: error: argument --instance-ids: expected at least one argument\n", 252},
		{"aws ec2 create-image --instance-id i-1 --name", usage + "\naws: error: argument --name: expected one argument\n", 252},
		{"aws ec2 describe-instances --dry-run=yes", usage + "\naws: error: argument --dry-run: ignored explicit argument 'yes'\n", 252},
		{"aws ec2 run-instances --min-count 1", "\n" + usage + "\nUnknown options: --min-count, 1\n", 252},
		{"aws ec2 run-instances --count x", "\nParameter validation failed:\ncount parameter should be of form min[:max] (e.g. 1 or 1:10)\n", 252},
		{"aws ec2 describe-instances --filters Name", "\nError parsing parameter '--filters': Expected: '=', received: 'EOF' for input:\nName\n    ^\n", 252},
		{"aws ec2 describe-instances --filters Name=x,Foo=y", "\nParameter validation failed:\nUnknown parameter in Filters[0]: \"Foo\", must be one of: Name, Values\n", 252},
		{"aws ec2 describe-instances --filters '[{\"Name\": 1}]'", "\nParameter validation failed:\nInvalid type for parameter Filters[0].Name, value: 1, type: <class 'int'>, valid types: <class 'str'>\n", 252},
		{"aws ec2 describe-instances --output yaml", usage + "\naws: error: argument --output: Invalid choice, valid choices are:\n\n" +
			fmt.Sprintf("%-40s | %-40s\n%-40s", "json", "text", "table") + "\n", 252},
		{"aws ec2 describe-instances --profile nobody", "\nThe config profile (nobody) could not be found\n", 253},
		{"aws ec2 describe-instances --region mars-1", "\nCould not connect to the endpoint URL: \"https://ec2.mars-1.amazonaws.com/\"\n", 255},
		{"aws ec2 describe-instances --debug", usage + "\naws: error: argument --debug: not available in the sandbox; the sandbox has no HTTP requests to log\n", 252},
		{"ls -l", "ls: command not found; commands start with \"aws\" (aws ec2 help) or \"sandbox\" (sandbox help)\n", 1},
		{"aws ec2 describe-instances --query 'x'", "null\n", 0},
		{"aws 'unterminated", "syntax error: unterminated single quote\n", 1},
	}
	for _, tt := range tests {
		res := newTestSession().Run(tt.line)
		if res.Output != tt.want || res.ExitCode != tt.code {
			t.Errorf("Run(%q) =\n%q (exit %d)\nwant\n%q (exit %d)", tt.line, res.Output, res.ExitCode, tt.want, tt.code)
		}
	}
}

func TestNoRegion(t *testing.T) {
	s := newTestSession()
	s.Region = ""
	res := s.Run("aws ec2 describe-instances")
	if res.ExitCode != 253 || !strings.Contains(res.Output, "You must specify a region.") {
		t.Errorf("got %q (exit %d)", res.Output, res.ExitCode)
	}
	if res := s.Run("aws ec2 describe-instances --region us-west-2"); res.ExitCode != 0 {
		t.Errorf("--region did not help: %q", res.Output)
	}
}

func TestInvalidChoice(t *testing.T) {
	res := newTestSession().Run("aws ec2 describe-instance")
	if res.ExitCode != 252 {
		t.Fatalf("exit %d", res.ExitCode)
	}
	for _, want := range []string{
		"aws: error: argument operation: Invalid choice, valid choices are:\n\n",
		fmt.Sprintf("%-40s | %-40s\n", "authorize-security-group-ingress", "copy-image"),
		"Invalid choice: 'describe-instance', maybe you meant:\n\n  * describe-instances",
	} {
		if !strings.Contains(res.Output, want) {
			t.Errorf("output lacks %q:\n%s", want, res.Output)
		}
	}
}

func TestServiceError(t *testing.T) {
	res := newTestSession().Run("aws ec2 stop-instances --instance-ids i-0123456789abcdef0")
	want := "\nAn error occurred (InvalidInstanceID.NotFound) when calling the StopInstances operation: "
	if res.ExitCode != 254 || !strings.HasPrefix(res.Output, want) {
		t.Errorf("got %q (exit %d)", res.Output, res.ExitCode)
	}
}

func TestComplete(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{"", []string{"aws", "sandbox"}},
		{"a", []string{"aws"}},
		{"aws ", []string{"ec2", "sts", "configure", "help"}},
		{"aws ec2 run-i", []string{"run-instances"}},
		{"aws ec2 stop-instances --in", []string{"--instance-ids"}},
		{"aws ec2 create-image --no-r", []string{"--no-reboot"}},
		{"aws ec2 describe-instances --output t", []string{"text", "table"}},
		{"sandbox use-a", []string{"use-account"}},
		{"sandbox use-account c", []string{"colleague"}},
		{"aws --region us-west-2 ec2 describe-im", []string{"describe-images", "describe-image-attribute"}},
		{"aws ec2 w", []string{"wait"}},
		{"aws ec2 wait instance-r", []string{"instance-running"}},
		{"aws ec2 wait instance-running --instance-i", []string{"--instance-ids"}},
	}
	for _, tt := range tests {
		got := Complete(tt.line)
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Complete(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

// Every command of the table answers "help" and is bound to a method.
func TestEveryCommandHasHelp(t *testing.T) {
	s := newTestSession()
	for _, sv := range services {
		for _, op := range sv.ops {
			res := s.Run("aws " + sv.name + " " + op.name + " help")
			if res.ExitCode != 0 || !strings.Contains(res.Output, op.api) {
				t.Errorf("%s help: %q", op.name, res.Output)
			}
			if summaries[op.name] == "" {
				t.Errorf("%s has no summary", op.name)
			}
		}
	}
}

func FuzzRun(f *testing.F) {
	for _, s := range []string{
		"aws ec2 run-instances --image-id ami-0 --count 2:3 --output table",
		"aws ec2 describe-instances --filters Name=a,Values=b --query 'Reservations[0]' --output text",
		"aws ec2 modify-image-attribute --image-id ami-1 --launch-permission 'Add=[{Group=all}]'",
		"sandbox advance 1h",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		res := newTestSession().Run(line)
		if res.ExitCode == exitGeneral && strings.Contains(res.Output, "internal error") {
			t.Fatalf("Run(%q) panicked: %s", line, res.Output)
		}
		if res.Output != "" && !strings.HasSuffix(res.Output, "\n") {
			t.Fatalf("Run(%q) output does not end with a newline: %q", line, res.Output)
		}
	})
}
