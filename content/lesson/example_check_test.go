package lesson_test

import (
	"fmt"

	"amilab/content/lesson"
)

func ExampleCheck_Evaluate() {
	c := lesson.Check{
		Label:   "The web server is running",
		Command: `aws ec2 describe-instances --filters Name=tag:Name,Values=web --query "Reservations[].Instances[].State.Name"`,
		Expect:  `contains "running"`,
	}
	fmt.Println(c.Evaluate("[\n    \"running\"\n]\n", 0))
	fmt.Println(c.Evaluate("[]\n", 0))
	fmt.Println(c.Evaluate("An error occurred (InvalidParameterValue) when calling the DescribeInstances operation: bad filter\n", 254))
	// Output:
	// true got [ "running" ]
	// false expected the output to contain "running", got []
	// false the command failed (exit code 254): An error occurred (InvalidParameterValue) when calling the DescribeInstances operation: bad filter
}
