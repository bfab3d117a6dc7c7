package lesson

import (
	"strings"
	"testing"
)

func TestEvaluate(t *testing.T) {
	tests := []struct {
		expect, output string
		exit           int
		want           bool
	}{
		{">= 2", "2\n", 0, true},
		{">= 2", "1\n", 0, false},
		{"> 0", "3", 0, true},
		{"< 1", "0", 0, true},
		{"<= 1", "2", 0, false},
		{">= 2", `"2"`, 0, false},
		{">= 2", "[1, 2]", 0, false},
		{"!= 0", "0", 0, false},
		{"!= 0", "5", 0, true},
		{`== "running"`, "\"running\"\n", 0, true},
		{`== "running"`, "running\n", 0, true},
		{`== running`, `"running"`, 0, true},
		{`"running"`, `"stopped"`, 0, false},
		{`["a", "b"]`, "[\n    \"a\",\n    \"b\"\n]\n", 0, true},
		{`["a", "b"]`, `["b", "a"]`, 0, false},
		{`{"Code": 16, "Name": "running"}`, "{\n  \"Name\": \"running\",\n  \"Code\": 16\n}", 0, true},
		{"2", "2.0", 0, true},
		{"true", "true", 0, true},
		{"True", "True", 0, true},
		{"null", "null", 0, true},
		{"running running", "running\trunning\n", 0, true},
		{`contains "ami-"`, "[\"ami-0abc\"]", 0, true},
		{`contains ami-`, "ami-0abc\tami-0def", 0, true},
		{`contains "ami-"`, "[]", 0, false},
		{`contains 2`, "[1, 2, 3]", 0, true},
		{`contains "a&b"`, `["x a\u0026b y"]`, 0, true},
		{`not contains "terminated"`, `["running", "stopped"]`, 0, true},
		{`not contains "stopped"`, `["running", "stopped"]`, 0, false},
		{"== 0", "0", 254, false},
		{"containsx", "containsx", 0, true},
	}
	for _, tt := range tests {
		c := Check{Label: "L", Command: "aws ec2 describe-instances", Expect: tt.expect}
		got, detail := c.Evaluate(tt.output, tt.exit)
		if got != tt.want {
			t.Errorf("expect %q, output %q, exit %d: ok = %v (%s), want %v", tt.expect, tt.output, tt.exit, got, detail, tt.want)
		}
		if detail == "" {
			t.Errorf("expect %q: empty detail", tt.expect)
		}
	}
	c := Check{Expect: ">= 2"}
	if _, detail := c.Evaluate("An error occurred (AuthFailure) when calling the DescribeImages operation: no\n", 254); !strings.Contains(detail, "AuthFailure") || !strings.Contains(detail, "254") {
		t.Errorf("detail of a failed command: %q", detail)
	}
	if _, detail := c.Evaluate("1", 0); detail != "expected >= 2, got 1" {
		t.Errorf("detail: %q", detail)
	}
	if ok, detail := (Check{Expect: ">="}).Evaluate("1", 0); ok || !strings.Contains(detail, "malformed") {
		t.Errorf("malformed check: %v %q", ok, detail)
	}
}

func TestRunOnInstances(t *testing.T) {
	c := Check{Instance: "Name=tag:Name,Values=web", Command: "sandbox http {instance}", Expect: `contains "Hello"`}
	list := `aws ec2 describe-instances --filters Name=tag:Name,Values=web --query "Reservations[].Instances[].InstanceId" --output text`
	if c.ListCommand() != list {
		t.Fatalf("ListCommand() = %s", c.ListCommand())
	}
	pages := map[string]string{"sandbox http i-1": "HTTP/1.1 404 Not Found\n\nnothing here", "sandbox http i-2": "HTTP/1.1 200 OK\n\nHello"}
	var ran []string
	run := func(instances string) func(string) (string, int) {
		return func(line string) (string, int) {
			ran = append(ran, line)
			if line == list {
				return instances, 0
			}
			return pages[line], 0
		}
	}
	if ok, detail := c.Run(run("i-1\ti-2\n")); !ok || detail != `i-2: got HTTP/1.1 200 OK Hello` {
		t.Errorf("Run = %v, %q", ok, detail)
	}
	if strings.Join(ran, "|") != list+"|sandbox http i-1|sandbox http i-2" {
		t.Errorf("ran %q", ran)
	}
	if ok, detail := c.Run(run("i-1\n")); ok || !strings.HasPrefix(detail, "i-1: expected the output to contain") {
		t.Errorf("Run = %v, %q", ok, detail)
	}
	if ok, detail := c.Run(run("\n")); ok || detail != "no instance matches Name=tag:Name,Values=web" {
		t.Errorf("Run = %v, %q", ok, detail)
	}
	plain := Check{Command: "aws ec2 describe-regions", Expect: "1"}
	if ok, _ := plain.Run(func(line string) (string, int) { return "1", 0 }); !ok {
		t.Error("a plain check does not run its command")
	}
}
