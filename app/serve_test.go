//go:build !js

package main

import (
	"net"
	"strings"
	"testing"
)

func TestAddresses(t *testing.T) {
	lan := []net.IP{net.ParseIP("192.168.1.20").To4(), net.ParseIP("2001:db8::7")}
	tests := []struct {
		addr     string
		ips      []net.IP
		want     []string
		unwanted []string
	}{
		{"127.0.0.1:8000", lan, []string{"http://localhost:8000/", "this computer only", "--addr 0.0.0.0:8000"}, []string{"192.168"}},
		{"0.0.0.0:8080", lan, []string{"http://localhost:8080/", "http://192.168.1.20:8080/", "http://[2001:db8::7]:8080/", "https"}, nil},
		{"0.0.0.0:8000", nil, []string{"No network address"}, nil},
		{"10.0.0.5:9000", lan, []string{"http://10.0.0.5:9000/", "Offline"}, []string{"localhost:9000"}},
	}
	for _, tt := range tests {
		addr, err := net.ResolveTCPAddr("tcp", tt.addr)
		if err != nil {
			t.Fatal(err)
		}
		got := addresses(addr, tt.ips)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("serving on %s: no %q in\n%s", tt.addr, w, got)
			}
		}
		for _, u := range tt.unwanted {
			if strings.Contains(got, u) {
				t.Errorf("serving on %s: unexpected %q in\n%s", tt.addr, u, got)
			}
		}
	}
}
