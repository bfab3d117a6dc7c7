package local_test

import (
	"strings"
	"testing"
	"time"

	"amilab/engine"
)

func TestConnectNeedsRunningInstanceAndSSH(t *testing.T) {
	w, g := world(t)
	id := launch(t, w, &engine.RunInstancesInput{})
	out, code := g.Exec(w, id, "whoami")
	if code != 255 || !strings.Contains(out, "port 22: Connection timed out") {
		t.Fatalf("without port 22 open: %d %q", code, out)
	}
	openPorts(t, w, 22)
	out, code = g.Exec(w, id, "")
	if code != 0 || !strings.Contains(out, "Amazon Linux 2023") {
		t.Fatalf("connecting shows the banner: %d %q", code, out)
	}
	if p := g.Prompt(w, id); !strings.HasPrefix(p, "[ec2-user@ip-172-31-") || !strings.HasSuffix(p, " ~]$ ") {
		t.Errorf("prompt %q", p)
	}
	if _, err := w.StopInstances(learner, &engine.StopInstancesInput{InstanceIds: []string{id}}); err != nil {
		t.Fatal(err)
	}
	if out, code := g.Exec(w, id, "whoami"); code != 255 || !strings.Contains(out, "Connection timed out") {
		t.Fatalf("a stopping instance: %d %q", code, out)
	}
	if out, code := g.Exec(w, "i-0123456789abcdef0", "whoami"); code != 255 {
		t.Fatalf("an unknown instance: %d %q", code, out)
	}
}

func TestBootStartsEnabledServices(t *testing.T) {
	w, g := world(t)
	openPorts(t, w, 22)
	id := launch(t, w, &engine.RunInstancesInput{})
	contains(t, "console", g.Console(id), "Started sshd.service", "login:")
	exec(t, g, w, id, "sudo dnf install -y httpd && sudo systemctl enable httpd")
	if out, _ := g.Exec(w, id, "systemctl is-active httpd"); strings.TrimSpace(out) != "inactive" {
		t.Fatalf("enabled but not started: %q", out)
	}
	if _, err := w.RebootInstances(learner, &engine.RebootInstancesInput{InstanceIds: []string{id}}); err != nil {
		t.Fatal(err)
	}
	contains(t, "console after reboot", g.Console(id), "Started httpd.service")
	if out, _ := g.Exec(w, id, "systemctl is-active httpd"); strings.TrimSpace(out) != "active" {
		t.Fatalf("after the reboot: %q", out)
	}
	if out := exec(t, g, w, id, "uptime"); !strings.Contains(out, "up 0 min") {
		t.Errorf("uptime after the reboot: %q", out)
	}
}

// Instance store is lost on stop and kept over a reboot; EBS keeps everything.
func TestInstanceStoreAndEBSData(t *testing.T) {
	w, g := world(t)
	openPorts(t, w, 22)
	id := launch(t, w, &engine.RunInstancesInput{InstanceType: "m5d.large"})
	exec(t, g, w, id, "sudo sh -c 'echo scratch > /media/ephemeral0/cache.txt'; echo kept > notes.txt")
	contains(t, "df", exec(t, g, w, id, "df -h"), "/media/ephemeral0", "75G")

	if _, err := w.RebootInstances(learner, &engine.RebootInstancesInput{InstanceIds: []string{id}}); err != nil {
		t.Fatal(err)
	}
	contains(t, "after reboot", exec(t, g, w, id, "cat /media/ephemeral0/cache.txt notes.txt"), "scratch\nkept\n")

	if _, err := w.StopInstances(learner, &engine.StopInstancesInput{InstanceIds: []string{id}}); err != nil {
		t.Fatal(err)
	}
	w.Advance(time.Minute)
	if _, err := w.StartInstances(learner, &engine.StartInstancesInput{InstanceIds: []string{id}}); err != nil {
		t.Fatal(err)
	}
	w.Advance(time.Minute)
	out, code := g.Exec(w, id, "cat /media/ephemeral0/cache.txt")
	if code == 0 || !strings.Contains(out, "No such file or directory") {
		t.Fatalf("instance store after stop/start: %d %q", code, out)
	}
	contains(t, "EBS after stop/start", exec(t, g, w, id, "cat notes.txt; ls /media/ephemeral0"), "kept\n")
}

func TestExtraEBSVolume(t *testing.T) {
	w, g := world(t)
	openPorts(t, w, 22)
	id := launch(t, w, &engine.RunInstancesInput{BlockDeviceMappings: []engine.BlockDeviceMapping{
		{DeviceName: "/dev/sdf", Ebs: &engine.EbsBlockDevice{VolumeSize: 20, VolumeType: "gp3"}}}})
	contains(t, "lsblk", exec(t, g, w, id, "lsblk"), "sdf", "/mnt/sdf", "20G")
	exec(t, g, w, id, "sudo sh -c 'echo data > /mnt/sdf/file'")
	for _, d := range w.Disks(id) {
		if d.Device == "/dev/sdf" {
			tree, _ := w.VolumeTree(d.VolumeId)
			if data, err := tree.ReadFile("/file"); err != nil || string(data) != "data\n" {
				t.Fatalf("the volume holds %q, %v", data, err)
			}
			return
		}
	}
	t.Fatal("no /dev/sdf")
}

func TestUserDataRunsOnFirstBootOnly(t *testing.T) {
	w, g := world(t)
	openPorts(t, w, 22, 80)
	id := launch(t, w, &engine.RunInstancesInput{UserData: `#!/bin/bash
echo "ran at boot" >> /var/log/ud-runs
dnf install -y httpd
echo "<h1>Hello World from $(hostname -f)</h1>" > /var/www/html/index.html
systemctl enable --now httpd`})
	contains(t, "console", g.Console(id), "Complete!", "Cloud-init v. 22.2.2 finished")
	contains(t, "first boot", exec(t, g, w, id, "cat /var/log/ud-runs; sudo cat /var/log/cloud-init-output.log"), "ran at boot\n", "Complete!")
	status, body := g.HTTP(w, id, "/", engine.LearnerAddress)
	if status != 200 || !strings.Contains(body, "Hello World from ip-172-31-") {
		t.Fatalf("the user data's web page: %d %q", status, body)
	}
	for i := 0; i < 2; i++ {
		if _, err := w.RebootInstances(learner, &engine.RebootInstancesInput{InstanceIds: []string{id}}); err != nil {
			t.Fatal(err)
		}
	}
	if out := exec(t, g, w, id, "cat /var/log/ud-runs"); out != "ran at boot\n" {
		t.Fatalf("user data ran again: %q", out)
	}
	contains(t, "metadata", exec(t, g, w, id, "ec2-metadata --user-data"), "user-data: #!/bin/bash")
}

func TestCloudConfigUserData(t *testing.T) {
	w, g := world(t)
	openPorts(t, w, 22)
	id := launch(t, w, &engine.RunInstancesInput{UserData: "#cloud-config\npackages:\n  - nginx\nruncmd:\n  - systemctl enable --now nginx\n"})
	contains(t, "nginx from cloud-config", exec(t, g, w, id, "systemctl is-active nginx; curl -s localhost"), "active\n", "Welcome to nginx!")
}

func TestWebServerThroughSecurityGroups(t *testing.T) {
	w, g := world(t)
	openPorts(t, w, 22)
	id := launch(t, w, &engine.RunInstancesInput{})
	check := func(wantStatus int, want string) {
		t.Helper()
		status, body := g.HTTP(w, id, "/", engine.LearnerAddress)
		if status != wantStatus || !strings.Contains(body, want) {
			t.Fatalf("HTTP: %d %q, want %d %q", status, body, wantStatus, want)
		}
	}
	check(0, "took too long to respond") // port 80 closed
	openPorts(t, w, 80)
	check(0, "refused to connect") // nothing listens
	exec(t, g, w, id, "sudo dnf install -y httpd && sudo systemctl start httpd")
	check(403, "It works!")
	exec(t, g, w, id, "echo '<h1>Employee directory</h1>' | sudo tee /var/www/html/index.html")
	check(200, "Employee directory")
	if status, body := g.HTTP(w, id, "/nothing.html", engine.LearnerAddress); status != 404 || !strings.Contains(body, "Not Found") {
		t.Fatalf("a missing page: %d %q", status, body)
	}
	contains(t, "access log", exec(t, g, w, id, "sudo cat /var/log/httpd/access_log"), engine.LearnerAddress+" - - [", "Mozilla/5.0")
	exec(t, g, w, id, "sudo systemctl stop httpd")
	check(0, "refused to connect")
	if _, err := w.StopInstances(learner, &engine.StopInstancesInput{InstanceIds: []string{id}}); err != nil {
		t.Fatal(err)
	}
	check(0, "could not be found")
}

// Instances reach each other's web servers as far as their groups allow.
func TestCurlBetweenInstances(t *testing.T) {
	w, g := world(t)
	openPorts(t, w, 22)
	web := launch(t, w, &engine.RunInstancesInput{UserData: "#!/bin/bash\ndnf install -y nginx\nsystemctl enable --now nginx\n"})
	client := launch(t, w, &engine.RunInstancesInput{})
	webInfo, _ := w.GuestInfo(web)
	// The default group lets its members reach each other on every port.
	contains(t, "private address", exec(t, g, w, client, "curl -s http://"+webInfo.PrivateIP+"/"), "Welcome to nginx!")
	contains(t, "private name", exec(t, g, w, client, "curl -s "+webInfo.PrivateDNS), "Welcome to nginx!")
	out, code := g.Exec(w, client, "curl http://"+webInfo.PrivateIP+":8080/")
	if code != 7 || !strings.Contains(out, "Couldn't connect to server") {
		t.Fatalf("a port nothing listens on: %d %q", code, out)
	}
	out, code = g.Exec(w, client, "curl http://example.invalid/")
	if code != 6 || !strings.Contains(out, "Could not resolve host: example.invalid") {
		t.Fatalf("an unknown host: %d %q", code, out)
	}
	// A group of its own, open to SSH only: the web server is out of reach.
	sg, err := w.CreateSecurityGroup(learner, &engine.CreateSecurityGroupInput{GroupName: "ssh-only", Description: "SSH only"})
	if err != nil {
		t.Fatal(err)
	}
	p := 22
	if _, err := w.AuthorizeSecurityGroupIngress(learner, &engine.SecurityGroupRuleInput{GroupId: sg.GroupId,
		IpPermissions: []engine.IpPermission{{IpProtocol: "tcp", FromPort: &p, ToPort: &p, IpRanges: []engine.IpRange{{CidrIp: "0.0.0.0/0"}}}}}); err != nil {
		t.Fatal(err)
	}
	lonely := launch(t, w, &engine.RunInstancesInput{SecurityGroupIds: []string{sg.GroupId}})
	lonelyInfo, _ := w.GuestInfo(lonely)
	// The default group admits its own members only.
	out, code = g.Exec(w, lonely, "curl http://"+webInfo.PrivateIP+"/")
	if code != 28 || !strings.Contains(out, "port 80 after 130001 ms: Connection timed out") {
		t.Fatalf("from outside the web server's group: %d %q", code, out)
	}
	out, code = g.Exec(w, client, "curl http://"+lonelyInfo.PrivateIP+"/")
	if code != 28 {
		t.Fatalf("to a group that allows SSH only: %d %q", code, out)
	}
}

func TestInstanceMetadata(t *testing.T) {
	w, g := world(t)
	openPorts(t, w, 22)
	id := launch(t, w, &engine.RunInstancesInput{})
	info, _ := w.GuestInfo(id)
	out := exec(t, g, w, id, "ec2-metadata -a")
	contains(t, "ec2-metadata", out, "ami-id: "+info.ImageID, "instance-id: "+id, "instance-type: t3.micro", "local-ipv4: "+info.PrivateIP, "public-ipv4: "+info.PublicIP)
	if out := exec(t, g, w, id, "curl -s -o /dev/null -w x http://169.254.169.254/latest/meta-data/instance-id; curl -i -s http://169.254.169.254/latest/meta-data/instance-id"); !strings.Contains(out, "401 Unauthorized") {
		t.Errorf("IMDSv1 on Amazon Linux 2023: %q", out)
	}
	line := `TOKEN=$(curl -s -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 21600"); curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/`
	contains(t, "IMDSv2 listing", exec(t, g, w, id, line), "ami-id\n", "instance-id\n", "placement/\n")
	line = `TOKEN=$(curl -s -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 21600"); curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/availability-zone`
	if out := exec(t, g, w, id, line); out != info.Zone {
		t.Errorf("availability zone %q, want %q", out, info.Zone)
	}
	contains(t, "checkip", exec(t, g, w, id, "curl -s https://checkip.amazonaws.com"), info.PublicIP+"\n")
}

func TestGuestShutdownAndReboot(t *testing.T) {
	w, g := world(t)
	openPorts(t, w, 22)
	id := launch(t, w, &engine.RunInstancesInput{})
	exec(t, g, w, id, "echo before > note.txt")
	out := exec(t, g, w, id, "sudo reboot")
	contains(t, "reboot", out, "closed by remote host")
	contains(t, "console after a guest reboot", g.Console(id), "login:")
	out = exec(t, g, w, id, "echo written; sudo shutdown -h now")
	contains(t, "shutdown", out, "The system will power off now!", "closed by remote host")
	v, _ := w.InstanceView(learner, id)
	if v.State.Name != engine.StateStopping || v.StateReason == nil || v.StateReason.Code != "Client.InstanceInitiatedShutdown" {
		t.Fatalf("after shutdown: %+v %+v", v.State, v.StateReason)
	}
	w.Advance(time.Minute)
	w.StartInstances(learner, &engine.StartInstancesInput{InstanceIds: []string{id}})
	w.Advance(time.Minute)
	contains(t, "files written before the shutdown", exec(t, g, w, id, "cat note.txt"), "before")
}

func TestWindowsRunsNoLinuxPrograms(t *testing.T) {
	w, g := world(t)
	openPorts(t, w, 22, 80)
	id := launch(t, w, &engine.RunInstancesInput{ImageId: imageID(t, w, "Windows_Server-2022-English-Full-Base-2024.12.13")})
	if out, code := g.Exec(w, id, "dir"); code != 255 {
		t.Fatalf("ssh to Windows: %d %q", code, out)
	}
	if status, body := g.HTTP(w, id, "/", engine.LearnerAddress); status != 0 || !strings.Contains(body, "refused") {
		t.Fatalf("HTTP to Windows: %d %q", status, body)
	}
}

// Root volumes of images made before the guest programs' base files
// existed still run the base commands.
func TestImageWithoutProgramFiles(t *testing.T) {
	w, g := world(t)
	openPorts(t, w, 22)
	out, err := w.RunInstances(learner, &engine.RunInstancesInput{ImageId: imageID(t, w, al2023), InstanceType: "t3.micro"})
	if err != nil {
		t.Fatal(err)
	}
	id := out.Instances[0].InstanceId
	w.Advance(time.Minute)
	contains(t, "base commands", exec(t, g, w, id, "ls / && whoami && sudo dnf install -y httpd && httpd -v"), "ec2-user", "Apache/2.4.62")
}
