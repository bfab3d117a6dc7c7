//go:build !js

package lesson

import (
	"errors"
	"strings"
	"testing"
)

const front = "---\ntitle: T\nsummary: S\nminutes: 5\ngoals:\n  - g\n---\n"

// forbidden lists what rendered HTML must never contain (compared in lower case).
var forbidden = []string{"<script", "javascript:", "vbscript:", "onerror=", "onload=", "<iframe", "<object", "<embed", "<style"}

func assertSafe(t testing.TB, html string) {
	t.Helper()
	low := strings.ToLower(html)
	for _, f := range forbidden {
		if strings.Contains(low, f) {
			t.Fatalf("HTML contains %q:\n%s", f, html)
		}
	}
	if !strings.HasPrefix(html, `<div class="lesson-body">`) || !strings.HasSuffix(html, "</div>") {
		t.Fatalf("HTML is not wrapped in one lesson-body div:\n%s", html)
	}
	if strings.Count(html, "<div") != strings.Count(html, "</div>") {
		t.Fatalf("unbalanced div elements:\n%s", html)
	}
}

func TestParseLesson(t *testing.T) {
	src := front + "# First steps\n\nSee [the guide](https://docs.aws.amazon.com/ec2/) and [below](#check-it).\n\n" +
		"```run\n# comments are shown, not run\naws ec2 describe-images --owners amazon \\\n    --query 'Images[].ImageId'\n\nsandbox advance 2m\n```\n\n" +
		"## Check it\n\n```check\nlabel: An image exists\ncommand: aws ec2 describe-images --owners amazon\n  --query \"length(Images)\"\nexpect: >= 1\nhint: Look again.\n```\n\n" +
		"```solution\nsandbox advance 90s\n```\n"
	l, err := Parse("lessons/02-first-steps.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if l.Slug != "first-steps" || l.Title != "T" || l.Summary != "S" || l.Minutes != 5 || len(l.Goals) != 1 {
		t.Errorf("front matter: %+v", l)
	}
	wantRuns := []string{"aws ec2 describe-images --owners amazon --query 'Images[].ImageId'", "sandbox advance 2m"}
	if len(l.Runs) != 1 || strings.Join(l.Runs[0], "|") != strings.Join(wantRuns, "|") {
		t.Errorf("runs: %q", l.Runs)
	}
	want := Check{Label: "An image exists", Command: `aws ec2 describe-images --owners amazon --query "length(Images)"`, Expect: ">= 1", Hint: "Look again."}
	if len(l.Checks) != 1 || l.Checks[0] != want {
		t.Errorf("checks: %+v", l.Checks)
	}
	if len(l.Solution) != 1 || l.Solution[0] != "sandbox advance 90s" {
		t.Errorf("solution: %q", l.Solution)
	}
	for _, s := range []string{
		`<h1 id="first-steps">First steps</h1>`,
		`<h2 id="check-it">Check it</h2>`,
		`<div class="run-block" data-run="0"><pre><code># comments are shown, not run`,
		`<div class="check" data-check="0">An image exists</div>`,
		`<a href="#check-it">below</a>`,
		`<a href="https://docs.aws.amazon.com/ec2/" target="_blank" rel="noopener noreferrer">the guide</a>`,
	} {
		if !strings.Contains(l.HTML, s) {
			t.Errorf("HTML lacks %s:\n%s", s, l.HTML)
		}
	}
	if strings.Contains(l.HTML, "90s") {
		t.Errorf("the solution leaked into the HTML:\n%s", l.HTML)
	}
	assertSafe(t, l.HTML)
}

func TestHostileLessons(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		wantErr string // substring of the error; "" when Parse must succeed
		absent  []string
	}{
		{name: "script tag", src: front + "Hi <script>alert(1)</script>\n\n<script>\nalert(2)\n</script>\n", absent: []string{"alert(2)"}},
		{name: "iframe and handlers", src: front + "<iframe src=\"https://evil.example\"></iframe>\n\n<img src=x onerror=alert(1)>\n\ntext <b onclick=\"x()\">bold</b>\n", absent: []string{"onclick", "<img"}},
		{name: "javascript link", src: front + "[click](javascript:alert(1))\n", absent: []string{"<a "}},
		{name: "upper-case scheme", src: front + "[click](JaVaScRiPt:alert(1))\n", absent: []string{"<a "}},
		{name: "entity-encoded scheme", src: front + "[click](&#106;avascript&#58;alert(1))\n", absent: []string{"<a "}},
		{name: "escaped colon", src: front + "[click](javascript\\:alert(1))\n", absent: []string{"<a "}},
		{name: "tab inside scheme", src: front + "[click](<java\tscript:alert(1)>)\n", absent: []string{"<a "}},
		{name: "reference link", src: front + "[click][x]\n\n[x]: javascript:alert(1)\n", absent: []string{"<a "}},
		{name: "autolink", src: front + "<javascript:alert(1)>\n", absent: []string{"<a "}},
		{name: "image", src: front + "![pic](javascript:alert(1))\n", absent: []string{"<img"}},
		{name: "data and vbscript", src: front + "[a](data:text/html;base64,PHNjcmlwdD4=) [b](vbscript:msgbox) [c](file:///etc/passwd) [d](mailto:a@b.c)\n", absent: []string{"<a "}},
		{name: "plain text mentioning schemes", src: front + "Never paste javascript:alert(1) or onerror=x into a page.\n\n    <script>\n"},
		{name: "attribute syntax ignored", src: front + "# Title {onclick=alert(1)}\n", absent: []string{"onclick=\""}},
		{name: "code block with script", src: front + "```html\n<script>alert(1)</script>\n```\n"},
		{name: "run block with script", src: front + "```run\naws ec2 describe-images --query '<script>'\n```\n"},
		{name: "huge input", src: front + strings.Repeat("a", MaxSize), wantErr: "256 KiB"},
		{name: "no front matter", src: "# Title\n", wantErr: "x.md:1: missing front matter"},
		{name: "unclosed front matter", src: "---\ntitle: T\n", wantErr: "not closed"},
		{name: "broken YAML", src: "---\ntitle: T\ngoals: [a, b\n---\n", wantErr: "x.md:1: front matter is not valid YAML"},
		{name: "bad YAML indentation", src: "---\ntitle: T\n  summary: x\n---\n", wantErr: "line 3"},
		{name: "unknown key", src: "---\ntitle: T\nauthor: me\n---\n", wantErr: `x.md:3: unknown front matter key "author"`},
		{name: "repeated key", src: "---\ntitle: T\ntitle: U\n---\n", wantErr: `x.md:3: front matter key "title" is repeated`},
		{name: "missing title", src: "---\nsummary: S\n---\n", wantErr: "x.md:1: front matter has no title"},
		{name: "empty front matter", src: "---\n---\n", wantErr: "title is required"},
		{name: "minutes not a number", src: "---\ntitle: T\nminutes: soon\n---\n", wantErr: "x.md:3: minutes must be a whole number"},
		{name: "goals not a list", src: "---\ntitle: T\ngoals: learn\n---\n", wantErr: "x.md:3: goals must be a list"},
		{name: "yaml alias", src: "---\ntitle: &a T\nsummary: *a\n---\n", wantErr: "anchors and aliases"},
		{name: "front matter a list", src: "---\n- a\n---\n", wantErr: "must be a YAML mapping"},
		{name: "invalid UTF-8", src: front + "bad \xff byte\n", wantErr: "x.md:8: file is not valid UTF-8"},
		{name: "too many blocks", src: front + strings.Repeat("```run\nsandbox whoami\n```\n", MaxBlocks+1), wantErr: "more than 200 run, check and solution blocks"},
		{name: "too deep", src: front + strings.Repeat(">", 200) + " deep\n", wantErr: "nested more than"},
		{name: "deep lists", src: front + strings.Repeat("- ", 100) + "x\n", wantErr: "nested more than"},
		{name: "empty run block", src: front + "```run\n\n```\n", wantErr: "x.md:8: the run block has no command"},
		{name: "unterminated quote", src: front + "```run\naws ec2 describe-images --query 'Images\n```\n", wantErr: "x.md:9: unterminated single quote"},
		{name: "not a sandbox command", src: front + "```run\nrm -rf /\n```\n", wantErr: `x.md:9: commands must start with "aws <service> <operation>"`},
		{name: "check unknown key", src: front + "```check\nlabel: L\ncommand: aws ec2 describe-instances\nexpect: 1\nwhen: now\n```\n", wantErr: "x.md:12: a check line must be"},
		{name: "check missing expect", src: front + "```check\nlabel: L\ncommand: aws ec2 describe-instances\n```\n", wantErr: "x.md:8: the check has no expect"},
		{name: "check that changes the world", src: front + "```check\nlabel: L\ncommand: aws ec2 terminate-instances --instance-ids i-1\nexpect: 1\n```\n", wantErr: "x.md:10: a check must only read"},
		{name: "check on a guest without instance", src: front + "```check\nlabel: L\ncommand: sandbox http i-0123\nexpect: 200\n```\n", wantErr: "x.md:10: a check command must be"},
		{name: "check running a writing program", src: front + "```check\nlabel: L\ninstance: Name=tag:Name,Values=web\ncommand: sandbox exec {instance} -- rm -rf /var/www\nexpect: 1\n```\n", wantErr: "x.md:11: a check may only run programs that read"},
		{name: "check starting a service", src: front + "```check\nlabel: L\ninstance: Name=tag:Name,Values=web\ncommand: sandbox exec {instance} -- systemctl start httpd\nexpect: 1\n```\n", wantErr: "may only run programs that read"},
		{name: "check redirecting", src: front + "```check\nlabel: L\ninstance: Name=tag:Name,Values=web\ncommand: sandbox exec {instance} -- cat /etc/hosts > /tmp/x\nexpect: 1\n```\n", wantErr: "no redirection"},
		{name: "check chaining", src: front + "```check\nlabel: L\ninstance: Name=tag:Name,Values=web\ncommand: sandbox exec {instance} -- cat /etc/hosts; rm /etc/hosts\nexpect: 1\n```\n", wantErr: "no redirection, pipe"},
		{name: "check on another instance", src: front + "```check\nlabel: L\ninstance: Name=tag:Name,Values=web\ncommand: sandbox http i-0123\nexpect: 1\n```\n", wantErr: "runs \"sandbox http {instance} [PATH]\""},
		{name: "check with bad instance filters", src: front + "```check\nlabel: L\ninstance: web\ncommand: sandbox http {instance}\nexpect: 1\n```\n", wantErr: "x.md:10: instance: write describe-instances filters"},
		{name: "check bad comparison", src: front + "```check\nlabel: L\ncommand: aws ec2 describe-instances\nexpect: >= many\n```\n", wantErr: "x.md:11: expect: >= needs a number"},
		{name: "two solutions", src: front + "```solution\nsandbox whoami\n```\n\n```solution\nsandbox whoami\n```\n", wantErr: "x.md:12: a lesson has at most one solution block"},
		{name: "bad file name", src: front, wantErr: "file name must look like NN-slug.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "x.md"
			if tt.name == "bad file name" {
				name = "Bad Name.md"
			}
			l, err := Parse(name, []byte(tt.src))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				var le *Error
				if !errors.As(err, &le) || le.File != name {
					t.Fatalf("error %v is not a *lesson.Error naming %s", err, name)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			assertSafe(t, l.HTML)
			for _, a := range tt.absent {
				if strings.Contains(l.HTML, a) {
					t.Errorf("HTML contains %q:\n%s", a, l.HTML)
				}
			}
		})
	}
}

func TestSlugOf(t *testing.T) {
	for in, want := range map[string]string{
		"content/lessons/01-instances-and-images.md": "instances-and-images",
		"09-capstone.md": "capstone",
		"sandbox.md":     "sandbox",
		"2024-x-y.md":    "x-y",
		`a\b\07-z.md`:    "z",
	} {
		if got := SlugOf(in); got != want {
			t.Errorf("SlugOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFields(t *testing.T) {
	got, err := fields(`aws ec2 describe-images --filters "Name=name,Values=al2023-*" --query 'Images[?State==` + "`available`" + `].ImageId' a\ b "q\"x"`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"aws", "ec2", "describe-images", "--filters", "Name=name,Values=al2023-*", "--query", "Images[?State==`available`].ImageId", "a b", `q"x`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("fields = %q", got)
	}
	for _, bad := range []string{`a "b`, `a 'b`} {
		if _, err := fields(bad); err == nil {
			t.Errorf("fields(%q) succeeded", bad)
		}
	}
}

// pathological are inputs near the size limit that stress the Markdown parser.
func pathological() map[string]string {
	n := MaxSize - len(front) - 16
	return map[string]string{
		"quotes":         strings.Repeat(">", n),
		"lists":          strings.Repeat("- ", n/2),
		"emphasis":       strings.Repeat("*a ", n/3),
		"brackets":       strings.Repeat("[", n),
		"links":          strings.Repeat("[a](", n/4),
		"backticks":      strings.Repeat("`", n),
		"table":          "|a|\n|-|\n" + strings.Repeat("|x|\n", n/4-4),
		"fences":         strings.Repeat("```\n", n/4),
		"autolinks":      strings.Repeat("www.a.b ", n/8),
		"long lines":     strings.Repeat(strings.Repeat("[a](", MaxLineLen/4-1)+"\n", n/MaxLineLen),
		"quote lines":    strings.Repeat(strings.Repeat("> ", MaxDepth)+"x\n", n/(2*MaxDepth+2)),
		"link lines":     strings.Repeat("[a](\n", n/5),
		"open brackets":  strings.Repeat("[a\n", n/3),
		"emphasis lines": strings.Repeat("*a\n", n/3),
		"mixed emphasis": strings.Repeat("*_a**_", n/6),
		"indented lists": func() string {
			var b strings.Builder
			for i := 0; b.Len() < n-200; i++ {
				b.WriteString(strings.Repeat("  ", i%40) + "- x\n")
			}
			return b.String()
		}(),
		"reference defs": strings.Repeat("[a]: /u\n", n/8),
		"entities":       strings.Repeat("&amp;", n/5),
		"table columns":  strings.Repeat("|a", 2000) + "\n" + strings.Repeat("|-", 2000) + "\n" + strings.Repeat(strings.Repeat("|x", 2000)+"\n", 50),
	}
}

// TestPathologicalInputs parses every pathological input: each ends (no
// crash, no hang) and renders nothing executable. BenchmarkPathological
// measures how long each takes.
func TestPathologicalInputs(t *testing.T) {
	for name, body := range pathological() {
		t.Run(name, func(t *testing.T) {
			l, err := Parse("x.md", []byte(front+body))
			if err == nil {
				assertSafe(t, l.HTML)
			}
		})
	}
}

func BenchmarkPathological(b *testing.B) {
	for name, body := range pathological() {
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			src := []byte(front + body)
			for i := 0; i < b.N; i++ {
				Parse("x.md", src)
			}
		})
	}
}

func TestMultiLineCommands(t *testing.T) {
	src := front + "```run\n" +
		"aws ec2 run-instances --image-id ami-0123456789abcdef0 \\\n" +
		"    --user-data \"#!/bin/bash\n" +
		"  # a comment inside the script stays\n" +
		"echo 'it works'\"\n" +
		"# a comment between commands is dropped\n" +
		"sandbox advance 1m\n" +
		"```\n"
	l, err := Parse("x.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"aws ec2 run-instances --image-id ami-0123456789abcdef0 --user-data \"#!/bin/bash\n  # a comment inside the script stays\necho 'it works'\"",
		"sandbox advance 1m",
	}
	if strings.Join(l.Runs[0], "|") != strings.Join(want, "|") {
		t.Errorf("runs = %q", l.Runs[0])
	}
	words, err := fields(l.Runs[0][0])
	if err != nil || words[len(words)-1] != "#!/bin/bash\n  # a comment inside the script stays\necho 'it works'" {
		t.Errorf("fields = %q, %v", words, err)
	}
	if _, err := Parse("x.md", []byte(front+"```run\naws ec2 run-instances --user-data \"open\n```\n")); err == nil || !strings.Contains(err.Error(), "x.md:9: unterminated double quote") {
		t.Errorf("unterminated quote at the end of a block: %v", err)
	}
}

func TestParseInstanceCheck(t *testing.T) {
	src := front + "```check\nlabel: The page is served\ninstance: Name=tag:Name,Values=web\n  Name=instance-state-name,Values=running\ncommand: sandbox http {instance} /index.html\nexpect: contains \"Hello\"\n```\n\n" +
		"```check\nlabel: httpd runs\ninstance: Name=tag:Name,Values=web\ncommand: sandbox exec {instance} -- systemctl is-active httpd\nexpect: active\n```\n"
	l, err := Parse("x.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := Check{Label: "The page is served", Instance: "Name=tag:Name,Values=web Name=instance-state-name,Values=running",
		Command: "sandbox http {instance} /index.html", Expect: `contains "Hello"`}
	if len(l.Checks) != 2 || l.Checks[0] != want {
		t.Fatalf("checks: %+v", l.Checks)
	}
}
