package local_test

import (
	"strings"
	"testing"
	"time"

	"amilab/engine"
)

// The seeds' story: a web server set up by hand on an Amazon Linux
// instance, captured in an image; an instance launched from the image
// serves the page at once.
func TestImageCarriesSoftware(t *testing.T) {
	w, g := world(t)
	openPorts(t, w, 22, 80)
	id := launch(t, w, &engine.RunInstancesInput{})

	out := exec(t, g, w, id, "sudo dnf install -y httpd")
	contains(t, "dnf install", out, "Installing:", "httpd", "Complete!")
	page := "<h1>Employee directory</h1><ul><li>Ana - Lisbon</li><li>Bo - Oslo</li></ul>"
	exec(t, g, w, id, `echo '`+page+`' | sudo tee /var/www/html/index.html`)
	out = exec(t, g, w, id, "sudo systemctl enable --now httpd")
	contains(t, "enable --now", out, "Created symlink /etc/systemd/system/multi-user.target.wants/httpd.service")
	if status, body := g.HTTP(w, id, "/", engine.LearnerAddress); status != 200 || !strings.Contains(body, "Employee directory") {
		t.Fatalf("first server: %d %q", status, body)
	}

	img, err := w.CreateImage(learner, &engine.CreateImageInput{InstanceId: id, Name: "employee-directory-v1"})
	if err != nil {
		t.Fatal(err)
	}
	w.Advance(5 * time.Minute)
	second := launch(t, w, &engine.RunInstancesInput{ImageId: img.ImageId})
	status, body := g.HTTP(w, second, "/", engine.LearnerAddress)
	if status != 200 || !strings.Contains(body, "Employee directory") {
		t.Fatalf("the instance launched from the image does not serve the page: %d %q", status, body)
	}
	if out := exec(t, g, w, second, "systemctl is-active httpd"); strings.TrimSpace(out) != "active" {
		t.Errorf("httpd on the second instance: %q", out)
	}
	// The first server went through a reboot for the image and still serves.
	if status, _ := g.HTTP(w, id, "/", engine.LearnerAddress); status != 200 {
		t.Errorf("first server after CreateImage's reboot: %d", status)
	}
}
