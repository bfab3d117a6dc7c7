package job

import (
	"testing"

	"amilab/engine/vfs"
)

func TestEncodeKeepsTrees(t *testing.T) {
	tr, err := vfs.FromFiles(map[string][]byte{"/empty": {}, "/dir": nil, "/dir/f": []byte("data")})
	if err != nil {
		t.Fatal(err)
	}
	j := Job{Kind: Exec, Line: "ls", Machine: Machine{Info: Info{InstanceID: "i-1", Epoch: 3},
		Disks: []Disk{{Device: "/dev/xvda", Mount: "/", Root: true, Tree: tr}}}}
	data, err := Encode(j)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	got := back.Machine.Disks[0].Tree
	if e, err := got.Stat("/empty"); err != nil || e.Dir || e.Size != 0 {
		t.Errorf("empty file: %+v %v", e, err)
	}
	if e, err := got.Stat("/dir"); err != nil || !e.Dir {
		t.Errorf("directory: %+v %v", e, err)
	}
	if data, _ := got.ReadFile("/dir/f"); string(data) != "data" {
		t.Errorf("file %q", data)
	}
	if back.Machine.InstanceID != "i-1" || back.Machine.Epoch != 3 || back.Line != "ls" {
		t.Errorf("job %+v", back)
	}

	r := Result{Output: "out", Code: 2, Trees: map[string]vfs.Tree{"/dev/xvda": tr}, Power: "poweroff"}
	data, err = EncodeResult(r)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := DecodeResult(data)
	if err != nil {
		t.Fatal(err)
	}
	if rb.Output != "out" || rb.Code != 2 || rb.Power != "poweroff" || rb.Trees["/dev/xvda"].Size() != 4 {
		t.Errorf("result %+v", rb)
	}
}

func TestPrompt(t *testing.T) {
	g := Info{OS: "amzn-2023", PrivateDNS: "ip-172-31-16-5.ec2.internal"}
	for _, c := range []struct {
		s    Session
		want string
	}{
		{Session{}, "[ec2-user@ip-172-31-16-5 ~]$ "},
		{Session{Dir: "/var/www/html"}, "[ec2-user@ip-172-31-16-5 html]$ "},
		{Session{User: "root", Dir: "/root"}, "[root@ip-172-31-16-5 ~]# "},
		{Session{Dir: "/"}, "[ec2-user@ip-172-31-16-5 /]$ "},
	} {
		if got := Prompt(g, c.s); got != c.want {
			t.Errorf("%+v: %q, want %q", c.s, got, c.want)
		}
	}
}
