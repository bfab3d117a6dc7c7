package cli_test

import (
	"fmt"

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
