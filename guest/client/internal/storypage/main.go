//go:build js

// Command storypage runs the seeds' story in a browser page through the
// guest client and its Web Worker, and publishes what happened (and how
// long it took) as window.amilabStory for the browser test to read.
package main

import (
	"encoding/json"
	"strings"
	"syscall/js"
	"time"

	"amilab/engine"
	"amilab/engine/cli"
	"amilab/guest/client"
)

// report is what the test reads.
type report struct {
	Steps       []string `json:"steps"`
	Failures    []string `json:"failures"`
	FirstBoot   float64  `json:"firstBootMs"` // worker start, guest compile and the boot
	Boot        float64  `json:"bootMs"`      // a warm boot (reboot)
	Exec        float64  `json:"execMs"`      // a command's round trip, warm
	HTTP        float64  `json:"httpMs"`      // a web request's round trip, warm
	Runaway     float64  `json:"runawayMs"`   // until an endless guest was stopped
	TicksDuring int      `json:"ticksDuringRunaway"`
	Restarts    int      `json:"restarts"`
	Limits      []string `json:"limits"`
}

func main() {
	rep := &report{}
	defer func() {
		if r := recover(); r != nil {
			rep.Failures = append(rep.Failures, "panic: "+toString(r))
		}
		data, _ := json.Marshal(rep)
		js.Global().Set("amilabStory", string(data))
	}()
	w := engine.New(engine.Options{})
	c := client.New("guest/")
	c.Attach(w)
	s := cli.NewSession(w)
	fail := func(format string, ok bool) {
		if !ok {
			rep.Failures = append(rep.Failures, format)
		}
	}
	aws := func(line string) string {
		res := s.Run(line)
		rep.Steps = append(rep.Steps, "$ "+line+"\n"+res.Output)
		fail(line+": exit "+toString(res.ExitCode)+": "+res.Output, res.ExitCode == 0)
		return strings.TrimSpace(res.Output)
	}
	settle := func() time.Duration {
		start := time.Now()
		for c.Busy() {
			c.Update(w)
			time.Sleep(5 * time.Millisecond)
		}
		return time.Since(start)
	}
	exec := func(id, line string) (string, int) {
		out, code := c.Exec(w, id, line)
		rep.Steps = append(rep.Steps, "[ec2-user]$ "+line+"\n"+out)
		return out, code
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

	aws("aws ec2 authorize-security-group-ingress --group-name default --protocol tcp --port 22 --cidr 0.0.0.0/0")
	aws("aws ec2 authorize-security-group-ingress --group-name default --protocol tcp --port 80 --cidr 0.0.0.0/0")
	first := aws(`aws ec2 run-instances --image-id ami-0d4673ef77ba05745 --instance-type t3.micro --query "Instances[0].InstanceId" --output text`)
	aws("sandbox advance 1m")
	rep.FirstBoot = ms(settle())
	fail("the first boot ran: "+c.Console(first), strings.Contains(c.Console(first), "login:"))

	out, code := exec(first, "sudo dnf install -y httpd")
	fail("dnf install httpd: "+out, code == 0 && strings.Contains(out, "Complete!"))
	out, code = exec(first, "echo '<h1>Employee directory</h1>' | sudo tee /var/www/html/index.html")
	fail("write the page: "+out, code == 0)
	out, code = exec(first, "sudo systemctl enable --now httpd")
	fail("enable httpd: "+out, code == 0)
	status, body := c.HTTP(w, first, "/", engine.LearnerAddress)
	fail("the first server answers: "+body, status == 200 && strings.Contains(body, "Employee directory"))

	image := aws(`aws ec2 create-image --instance-id ` + first + ` --name employee-directory-v1 --query ImageId --output text`)
	settle()
	aws("sandbox advance 5m")
	second := aws(`aws ec2 run-instances --image-id ` + image + ` --instance-type t3.micro --query "Instances[0].InstanceId" --output text`)
	aws("sandbox advance 1m")
	settle()
	status, body = c.HTTP(w, second, "/", engine.LearnerAddress)
	fail("the instance launched from the image serves the page at once: "+body, status == 200 && strings.Contains(body, "Employee directory"))

	// Runs in the background: the answer comes with Update.
	updates := 0
	c.OnUpdate = func() { updates++ }
	var asyncOut string
	var asyncStatus int
	c.ExecAsync(w, second, "systemctl is-active httpd", func(out string, _ int) { asyncOut = out })
	c.HTTPAsync(w, second, "/", engine.LearnerAddress, func(status int, _ string) { asyncStatus = status })
	settle()
	fail("ExecAsync answered: "+asyncOut, asyncOut == "active\n")
	fail("HTTPAsync answered: "+toString(asyncStatus), asyncStatus == 200)
	fail("OnUpdate was called", updates > 0)
	c.OnUpdate = nil

	// Warm timings.
	start := time.Now()
	aws("aws ec2 reboot-instances --instance-ids " + second)
	settle()
	rep.Boot = ms(time.Since(start))
	start = time.Now()
	for i := 0; i < 10; i++ {
		c.Exec(w, second, "echo hi")
	}
	rep.Exec = ms(time.Since(start)) / 10
	start = time.Now()
	for i := 0; i < 10; i++ {
		c.HTTP(w, second, "/", engine.LearnerAddress)
	}
	rep.HTTP = ms(time.Since(start)) / 10

	// An endless guest: the page ends the worker and carries on.
	out, code = exec(second, "sudo dnf install -y stress-ng")
	fail("install stress-ng: "+out, code == 0)
	c.Limits.Exec = 2 * time.Second
	ticks := js.Global().Get("ticks").Int()
	start = time.Now()
	out, code = exec(second, "stress-ng --cpu 1")
	rep.Runaway = ms(time.Since(start))
	rep.TicksDuring = js.Global().Get("ticks").Int() - ticks
	fail("the endless guest was stopped: "+out, code == 137 && strings.Contains(out, "Killed: the command ran longer than the sandbox allows (2s)."))
	c.Limits = client.DefaultLimits()
	out, code = exec(second, "echo after")
	fail("a new worker answers: "+out, code == 0 && out == "after\n")
	rep.Restarts = c.Stats.Restarts

	// The other limits hold inside the worker (or, for a recursion the
	// interpreter takes long over, the time limit of the page).
	c.Limits.Exec = 3 * time.Second
	for _, m := range []struct{ line, want string }{
		{"yes", "[output truncated: the command printed more than 64 KiB and was stopped]"},
		{"stress-ng --vm 1 --vm-bytes 1G", "Killed: out of memory"},
		{"stress-ng --stack 1", "stack overflow|Killed: the command ran longer"},
	} {
		start := time.Now()
		out, code = c.Exec(w, second, m.line)
		rep.Limits = append(rep.Limits, m.line+": "+toString(code)+" in "+toString(int(ms(time.Since(start))))+" ms")
		matched := false
		for _, want := range strings.Split(m.want, "|") {
			matched = matched || strings.Contains(out, want)
		}
		tail := out
		if len(tail) > 300 {
			tail = tail[len(tail)-300:]
		}
		fail(m.line+" was stopped with a clear message: "+tail, code != 0 && matched)
		out, code = c.Exec(w, second, "echo ok")
		fail("after "+m.line+": "+out, code == 0 && out == "ok\n")
	}
}

func toString(v any) string {
	data, _ := json.Marshal(v)
	return string(data)
}
