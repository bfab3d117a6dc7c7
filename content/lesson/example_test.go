//go:build !js

package lesson_test

import (
	"fmt"

	"amilab/content/lesson"
)

func ExampleParse() {
	src := "---\n" +
		"title: Launch\n" +
		"summary: Start two servers from one image.\n" +
		"minutes: 10\n" +
		"goals:\n" +
		"  - Launch two instances\n" +
		"---\n" +
		"## Launch\n" +
		"\n" +
		"```run\n" +
		"aws ec2 run-instances --image-id ami-0123456789abcdef0 --instance-type t3.micro --count 2\n" +
		"sandbox advance 1m\n" +
		"```\n" +
		"\n" +
		"```check\n" +
		"label: Two instances are running\n" +
		"command: aws ec2 describe-instances\n" +
		"  --filters Name=instance-state-name,Values=running\n" +
		"  --query \"length(Reservations[].Instances[])\"\n" +
		"expect: >= 2\n" +
		"hint: Launch with --count 2, then let a minute pass.\n" +
		"```\n"
	l, err := lesson.Parse("02-launch.md", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(l.Slug, "|", l.Title, "|", l.Minutes, "minutes")
	fmt.Println(l.Runs[0][1])
	fmt.Println(l.Checks[0].Command)
	fmt.Println(l.Checks[0].Evaluate("1\n", 0))
	fmt.Println(l.Checks[0].Evaluate("2\n", 0))
	fmt.Println(l.HTML)
	// Output:
	// launch | Launch | 10 minutes
	// sandbox advance 1m
	// aws ec2 describe-instances --filters Name=instance-state-name,Values=running --query "length(Reservations[].Instances[])"
	// false expected >= 2, got 1
	// true got 2
	// <div class="lesson-body">
	// <h2 id="launch">Launch</h2>
	// <div class="run-block" data-run="0"><pre><code>aws ec2 run-instances --image-id ami-0123456789abcdef0 --instance-type t3.micro --count 2
	// sandbox advance 1m</code></pre></div>
	// <div class="check" data-check="0">Two instances are running</div>
	// </div>
}
