package cli_test

import (
	"fmt"
	"os"
	"strings"

	"amilab/engine"
	"amilab/engine/cli"
)

// A session runs AWS CLI command lines against a world and returns what the
// AWS CLI would print, with its exit code.
func ExampleSession_Run() {
	s := cli.NewSession(engine.New(engine.Options{}))
	res := s.Run("aws sts get-caller-identity --query Account --output text")
	fmt.Print(res.Output)
	res = s.Run("aws ec2 start-instances")
	fmt.Println(res.ExitCode)
	res = s.Run("sandbox advance 90s")
	fmt.Print(res.Output)
	// Output:
	// 123456789012
	// 252
	// 2026-11-23T09:01:30+00:00
}

// A script runs line by line, each shown with its output as in the terminal.
func ExampleRunScript() {
	s := cli.NewSession(engine.New(engine.Options{}))
	script := "# who am I?\naws sts get-caller-identity --query Account --output text\nsandbox use-region eu-west-1\n"
	code, err := cli.RunScript(s, strings.NewReader(script), os.Stdout)
	fmt.Println(code, err)
	// Output:
	// $ aws sts get-caller-identity --query Account --output text
	// 123456789012
	// $ sandbox use-region eu-west-1
	// profile  default
	// account  123456789012 (learner)
	// region   eu-west-1
	// 0 <nil>
}
