package local_test

import (
	"strings"
	"testing"

	"amilab/engine"
)

// step is one command line of a session, with what it must print.
type step struct {
	line  string
	code  int
	wants []string
	not   []string
}

// session runs steps in one login session and checks each.
func session(t *testing.T, steps []step, in *engine.RunInstancesInput) {
	t.Helper()
	w, g := world(t)
	openPorts(t, w, 22, 80)
	if strings.Contains(in.ImageId, "/") {
		in.ImageId = imageID(t, w, in.ImageId)
	}
	if in.InstanceType == "t4g.micro" {
		in.ImageId = imageID(t, w, "al2023-ami-2023.6.20241212.0-kernel-6.1-arm64")
	}
	id := launch(t, w, in)
	for _, s := range steps {
		out, code := g.Exec(w, id, s.line)
		if code != s.code {
			t.Errorf("%s: exit %d, want %d\n%s", s.line, code, s.code, out)
		}
		for _, want := range s.wants {
			if !strings.Contains(out, want) {
				t.Errorf("%s: want %q in:\n%s", s.line, want, out)
			}
		}
		for _, not := range s.not {
			if strings.Contains(out, not) {
				t.Errorf("%s: do not want %q in:\n%s", s.line, not, out)
			}
		}
	}
}

func TestFileCommands(t *testing.T) {
	session(t, []step{
		{line: "pwd", wants: []string{"/home/ec2-user\n"}},
		{line: "ls /", wants: []string{"etc", "home", "usr", "var"}},
		{line: "ls -la /etc/passwd", wants: []string{"-rw-r--r--. 1 root root", "/etc/passwd"}},
		{line: "ls /nothing", code: 2, wants: []string{"ls: cannot access '/nothing': No such file or directory"}},
		{line: "ls /root", code: 2, wants: []string{"Permission denied"}},
		{line: "mkdir -p notes/2026 && touch notes/a.txt && ls notes", wants: []string{"2026", "a.txt"}},
		{line: "mkdir notes", code: 1, wants: []string{"mkdir: cannot create directory 'notes': File exists"}},
		{line: "mkdir /opt/app", code: 1, wants: []string{"Permission denied"}},
		{line: "echo one > notes/a.txt; echo two >> notes/a.txt; cat notes/a.txt", wants: []string{"one\ntwo\n"}},
		{line: "cat -n notes/a.txt", wants: []string{"     1\tone", "     2\ttwo"}},
		{line: "printf '%s=%d\\n' a 1 b 2", wants: []string{"a=1\nb=2\n"}},
		{line: "echo -n x; echo -e 'y\\tz'", wants: []string{"xy\tz\n"}},
		{line: "cp notes/a.txt notes/b.txt && mv notes/b.txt notes/c.txt && ls notes", wants: []string{"a.txt", "c.txt"}, not: []string{"b.txt"}},
		{line: "cp notes copy", code: 1, wants: []string{"cp: -r not specified; omitting directory 'notes'"}},
		{line: "cp -r notes copy && ls copy", wants: []string{"a.txt", "c.txt"}},
		{line: "rm copy", code: 1, wants: []string{"rm: cannot remove 'copy': Is a directory"}},
		{line: "rm -rf copy && ls", not: []string{"copy"}},
		{line: "rmdir notes", code: 1, wants: []string{"Directory not empty"}},
		{line: "rmdir notes/2026 && ls notes", not: []string{"2026"}},
		{line: "rm /etc/passwd", code: 1, wants: []string{"rm: cannot remove '/etc/passwd': Permission denied"}},
		{line: "rm -rf /", code: 1, wants: []string{"rm: it is dangerous to operate recursively on '/'"}},
		{line: "seq 1 5 > n.txt; head -n 2 n.txt; tail -2 n.txt", wants: []string{"1\n2\n4\n5\n"}},
		{line: "wc -l n.txt", wants: []string{"5 n.txt"}},
		{line: "grep -n 3 n.txt", wants: []string{"3:3"}},
		{line: "grep -c ^ n.txt", wants: []string{"5"}},
		{line: "grep -q 9 n.txt", code: 1},
		{line: "cat n.txt | grep -v 2 | wc -l", wants: []string{"4"}},
		{line: "echo hello | tee t.txt; cat t.txt", wants: []string{"hello\nhello\n"}},
		{line: "stat t.txt", wants: []string{"File: t.txt", "Size: 6"}},
		{line: "du -sh notes", wants: []string{"notes"}},
		{line: "find notes -name '*.txt'", wants: []string{"notes/a.txt", "notes/c.txt"}},
		{line: "basename /var/www/html/index.html .html; dirname /var/www/html/index.html", wants: []string{"index\n/var/www/html\n"}},
		{line: "chmod +x t.txt && chown ec2-user t.txt", wants: nil},
		{line: "chmod 644 /etc/passwd", code: 1, wants: []string{"Operation not permitted"}},
		{line: "test -f t.txt && [ -d notes ] && [ 2 -gt 1 ] && echo yes", wants: []string{"yes"}},
		{line: "[ -f missing ] || echo no", wants: []string{"no"}},
		{line: "ls *.txt", wants: []string{"n.txt", "t.txt"}},
		{line: "echo 'a  b' \"$HOME\" '$HOME' ~/x", wants: []string{"a  b /home/ec2-user $HOME /home/ec2-user/x"}},
		{line: "X=1; export Y=2; echo $X$Y ${Z:-three}", wants: []string{"12 three"}},
		{line: "echo $Y", wants: []string{"2\n"}},
		{line: "cd notes; pwd", wants: []string{"/home/ec2-user/notes"}},
		{line: "pwd; cd; pwd; cd -", wants: []string{"/home/ec2-user/notes\n/home/ec2-user\n/home/ec2-user/notes\n"}},
		{line: "cd /nowhere", code: 1, wants: []string{"-bash: cd: /nowhere: No such file or directory"}},
		{line: "cd ~", wants: nil},
		{line: "false; echo $?", wants: []string{"1"}},
		{line: "true && echo and || echo or", wants: []string{"and"}, not: []string{"or"}},
		{line: "cat missing 2> err.txt; cat err.txt", wants: []string{"cat: missing: No such file or directory"}},
		{line: "cat missing > all.txt 2>&1; cat all.txt", wants: []string{"No such file or directory"}},
		{line: "cat < n.txt | wc -l", wants: []string{"5"}},
		{line: "cat <<EOF\nuser: $USER\nEOF", wants: []string{"user: ec2-user"}},
		{line: "cat <<'EOF'\nuser: $USER\nEOF", wants: []string{"user: $USER"}},
		{line: "echo `whoami` $(echo nested $(whoami))", wants: []string{"ec2-user nested ec2-user"}},
		{line: "type cd ls", wants: []string{"cd is a shell builtin", "ls is /usr/bin/ls"}},
		{line: "which curl", wants: []string{"/usr/bin/curl"}},
		{line: "which nothing", code: 1, wants: []string{"no nothing in"}},
		{line: "env | grep ^USER=", wants: []string{"USER=ec2-user"}},
		{line: "nosuchcommand", code: 127, wants: []string{"-bash: nosuchcommand: command not found"}},
		{line: "echo 'x", code: 2, wants: []string{"unexpected EOF"}},
		{line: "if true; then echo; fi", code: 2, wants: []string{"not supported"}},
		{line: "echo '#!/bin/bash\necho script $1' > s.sh; chmod +x s.sh; ./s.sh arg; sh s.sh two; bash s.sh three", wants: []string{"script arg\nscript two\nscript three\n"}},
		{line: "echo 'echo sourced; Q=9' > q.sh; . ./q.sh; echo $Q", wants: []string{"sourced\n9\n"}},
		{line: "sleep 1; sleep x", code: 1, wants: []string{"invalid time interval 'x'"}},
		{line: "clear", wants: []string{"\x1b[2J"}},
	}, &engine.RunInstancesInput{})
}

func TestSystemCommands(t *testing.T) {
	session(t, []step{
		{line: "uname", wants: []string{"Linux\n"}},
		{line: "uname -m", wants: []string{"x86_64\n"}},
		{line: "uname -r", wants: []string{"6.1.119-129.201.amzn2023.x86_64"}},
		{line: "uname -a", wants: []string{"Linux ip-172-31-", ".ec2.internal 6.1.119-129.201.amzn2023.x86_64 #1 SMP", "x86_64 GNU/Linux"}},
		{line: "hostname", wants: []string{"ip-172-31-", ".ec2.internal\n"}},
		{line: "hostname -s", wants: []string{"ip-172-31-"}, not: []string{"ec2.internal"}},
		{line: "hostname -I", wants: []string{"172.31."}},
		{line: "echo $HOSTNAME", wants: []string{".ec2.internal"}},
		{line: "whoami", wants: []string{"ec2-user\n"}},
		{line: "id", wants: []string{"uid=1000(ec2-user) gid=1000(ec2-user) groups=1000(ec2-user),4(adm),10(wheel)"}},
		{line: "sudo whoami; sudo id -u", wants: []string{"root\n0\n"}},
		{line: "date", wants: []string{"UTC 2026"}},
		{line: "date +%F", wants: []string{"2026-11-23"}},
		{line: "cat /etc/os-release", wants: []string{`NAME="Amazon Linux"`, `VERSION="2023"`}},
		{line: "df", wants: []string{"1K-blocks", "/dev/xvda1", " /\n"}},
		{line: "df -h", wants: []string{"8.0G", "Mounted on"}},
		{line: "free", wants: []string{"total", "Mem:", "Swap:"}},
		{line: "free -m", wants: []string{"Mem:            952"}},
		{line: "uptime", wants: []string{"up 1 min", "load average"}},
		{line: "ps", wants: []string{"PID TTY", "bash", "ps"}},
		{line: "ps aux", wants: []string{"/usr/lib/systemd/systemd", "sshd", "ec2-user"}},
		{line: "lsblk", wants: []string{"xvda1", "part /"}},
		{line: "mount", wants: []string{"/dev/xvda1 on / type xfs"}},
		{line: "cat /proc/meminfo", wants: []string{"MemTotal:"}},
		{line: "echo x > /proc/version", code: 1, wants: []string{"Permission denied"}},
		{line: "sudo sh -c 'echo x > /proc/version'", code: 1, wants: []string{"Read-only file system"}},
		{line: "sudo ls /root", wants: nil},
		{line: "sudo -l", wants: []string{"NOPASSWD: ALL"}},
		{line: "su", code: 1, wants: []string{"Authentication failure"}},
		{line: "sudo -i", wants: nil},
		{line: "whoami; pwd", wants: []string{"root\n/root\n"}},
		{line: "exit", wants: []string{"logout"}, not: []string{"closed"}},
		{line: "whoami", wants: []string{"ec2-user"}},
		{line: "sudo su -", wants: nil},
		{line: "whoami", wants: []string{"root"}},
		{line: "su - ec2-user", wants: nil},
		{line: "whoami", wants: []string{"ec2-user"}},
		{line: "shutdown now", code: 1, wants: []string{"Interactive authentication required"}},
		{line: "exit", wants: []string{"logout\nConnection to ec2-", "closed.\n"}},
	}, &engine.RunInstancesInput{})
}

func TestArmImage(t *testing.T) {
	session(t, []step{
		{line: "uname -m", wants: []string{"aarch64\n"}},
		{line: "uname -r", wants: []string{".amzn2023.aarch64"}},
		{line: "cat /etc/arch", wants: []string{"arm64"}},
	}, &engine.RunInstancesInput{ImageId: "", InstanceType: "t4g.micro"})
}

func TestPackagesAndServices(t *testing.T) {
	session(t, []step{
		{line: "dnf install -y httpd", code: 1, wants: []string{"This command has to be run with superuser privileges"}},
		{line: "httpd -v", code: 127, wants: []string{"httpd: command not found"}},
		{line: "dnf list available", wants: []string{"httpd.x86_64", "nginx.x86_64", "git.x86_64"}},
		{line: "dnf info nginx", wants: []string{"Name         : nginx"}},
		{line: "dnf search apache", wants: []string{"httpd.x86_64 : Apache HTTP Server"}},
		{line: "sudo dnf install -y nosuch", code: 1, wants: []string{"No match for argument: nosuch", "Error: Unable to find a match: nosuch"}},
		{line: "sudo dnf install httpd", wants: []string{"Is this ok [y/N]: y", "Complete!"}},
		{line: "sudo yum install -y httpd", wants: []string{"Package httpd-2.4.62-1.amzn2023.x86_64 is already installed.", "Nothing to do."}},
		{line: "rpm -q httpd apr", wants: []string{"httpd-2.4.62-1.amzn2023.x86_64\napr-1.7.5"}},
		{line: "rpm -q nginx", code: 1, wants: []string{"package nginx is not installed"}},
		{line: "httpd -v", wants: []string{"Server version: Apache/2.4.62 (Amazon Linux)"}},
		{line: "ls /usr/sbin/httpd /etc/httpd/conf/httpd.conf /usr/lib/systemd/system/httpd.service", wants: []string{"/usr/sbin/httpd"}},
		{line: "systemctl is-active httpd", code: 3, wants: []string{"inactive"}},
		{line: "systemctl is-enabled httpd", code: 1, wants: []string{"disabled"}},
		{line: "systemctl start httpd", code: 1, wants: []string{"Interactive authentication required"}},
		{line: "curl localhost", code: 7, wants: []string{"curl: (7) Failed to connect to localhost port 80 after 0 ms: Couldn't connect to server"}},
		{line: "sudo systemctl start nosuch", code: 5, wants: []string{"Unit nosuch.service not found."}},
		{line: "sudo systemctl start httpd", wants: nil},
		{line: "systemctl status httpd", wants: []string{"● httpd.service - The Apache HTTP Server", "Active: active (running)", "disabled; preset: disabled"}},
		{line: "curl -s localhost | grep -o works", code: 0, wants: []string{"It works!"}},
		{line: "curl -I localhost", wants: []string{"HTTP/1.1 403 Forbidden", "Server: Apache/2.4.62 (Amazon Linux)"}},
		{line: "echo '<h1>Hi</h1>' | sudo tee /var/www/html/index.html > /dev/null; curl -i http://localhost/", wants: []string{"HTTP/1.1 200 OK", "<h1>Hi</h1>"}},
		{line: "curl -f localhost/missing.html", code: 22, wants: []string{"The requested URL returned error: 404"}},
		{line: "curl -s localhost/missing.html", wants: []string{"Not Found"}},
		{line: "sudo mkdir /var/www/html/docs; curl -sI localhost/docs", wants: []string{"301 Moved Permanently", "Location: http://"}},
		{line: "curl -sL localhost/docs", wants: []string{"Index of /docs"}},
		{line: "curl -o page.html localhost && cat page.html", wants: []string{"<h1>Hi</h1>"}},
		{line: "sudo systemctl enable httpd", wants: []string{"Created symlink /etc/systemd/system/multi-user.target.wants/httpd.service → /usr/lib/systemd/system/httpd.service."}},
		{line: "systemctl is-enabled httpd", wants: []string{"enabled"}},
		{line: "sudo dnf install -y nginx", wants: []string{"Complete!"}},
		{line: "sudo systemctl start nginx", code: 1, wants: []string{"Job for nginx.service failed"}},
		{line: "journalctl -u nginx", wants: []string{"bind() to 0.0.0.0:80 failed (98: Address already in use)"}},
		{line: "systemctl status nginx", code: 3, wants: []string{"failed"}},
		{line: "sudo systemctl stop httpd && sudo systemctl start nginx && curl -s localhost", wants: []string{"Welcome to nginx!"}},
		{line: "sudo systemctl disable --now nginx", wants: nil},
		{line: "curl localhost", code: 7},
		{line: "sudo systemctl restart httpd; systemctl list-units", wants: []string{"httpd.service", "sshd.service"}},
		{line: "sudo cat /var/log/httpd/access_log", wants: []string{"127.0.0.1 - - [23/Nov/2026:", `"GET / HTTP/1.1" 200`, "curl/8.5.0"}},
		{line: "cat /var/log/httpd/access_log", code: 1, wants: []string{"Permission denied"}},
		{line: "apachectl configtest", wants: []string{"Syntax OK"}},
		{line: "sudo service httpd status", wants: []string{"Redirecting to /bin/systemctl status httpd.service"}},
		{line: "sudo dnf install -y git && git --version", code: 0, wants: []string{"git version"}},
		{line: "sudo dnf remove -y nginx", wants: []string{"Removing:", "nginx", "Complete!"}},
		{line: "nginx -v", code: 127},
		{line: "dnf list installed", wants: []string{"httpd.x86_64", "@amazonlinux"}, not: []string{"nginx.x86_64"}},
		{line: "sudo dnf update -y", wants: []string{"Nothing to do."}},
		{line: "cloud-init status", wants: []string{"status: done"}},
		{line: "cloud-init --version", wants: []string{"22.2.2"}},
	}, &engine.RunInstancesInput{})
}

func TestUbuntu(t *testing.T) {
	session(t, []step{
		{line: "whoami", wants: []string{"ubuntu\n"}},
		{line: "hostname", wants: []string{"ip-172-31-"}, not: []string{".ec2.internal"}},
		{line: "cat /etc/os-release", wants: []string{"Ubuntu"}},
		{line: "dnf install httpd", code: 127, wants: []string{"dnf: command not found"}},
		{line: "apt install -y nginx", code: 100, wants: []string{"are you root?"}},
		{line: "sudo apt update", wants: []string{"Reading package lists... Done"}},
		{line: "sudo apt install -y apache2", wants: []string{"Setting up apache2", "Created symlink"}},
		{line: "systemctl is-active apache2", wants: []string{"active"}},
		{line: "curl -s localhost", wants: []string{"Apache2 Default Page"}},
		{line: "dpkg -l", wants: []string{"ii  apache2"}},
	}, &engine.RunInstancesInput{ImageId: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20241206"})
}
