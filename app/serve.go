//go:build !js

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"amilab/app/site"
	"amilab/app/ui"
)

// serve serves the site until interrupted.
func serve(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	flags := newFlags("serve", "[serve] [--addr HOST:PORT]", stderr)
	addr := flags.String("addr", "localhost:8000", "`address` to listen on; 0.0.0.0:8000 lets the local network in")
	if code := parseFlags(flags, args, 0); code >= 0 {
		return code
	}
	c, err := siteConfig()
	if err == nil {
		err = listenAndServe(*addr, c, stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "amilab serve: %v\n", err)
		return 1
	}
	return 0
}

// siteConfig registers the routes of every page and describes the site.
func siteConfig() (site.Config, error) {
	web, err := webFiles()
	if err != nil {
		return site.Config{}, err
	}
	ui.Register()
	return site.Config{Web: web, Build: version, Pages: ui.Pages()}, nil
}

// listenAndServe serves the site on addr, tells where, and stops cleanly on
// an interrupt.
func listenAndServe(addr string, c site.Config, stdout io.Writer) error {
	h, err := site.NewHandler(c)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	io.WriteString(stdout, addresses(ln.Addr().(*net.TCPAddr), localIPs()))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// offlineNote says what offline means in each way of opening the site.
const offlineNote = `Offline: a browser keeps the site for offline use only when it is opened from
https or http://localhost. Opened at a network address over plain http, AMI Lab
works fully, and each learner's sandbox lives in their browser, but loading or
reloading a page needs this server. Serve over https (a reverse proxy with a
certificate) to make learners' machines work offline too.
`

// addresses tells which URLs open the site served on addr, given the
// machine's network addresses ips.
func addresses(addr *net.TCPAddr, ips []net.IP) string {
	port := strconv.Itoa(addr.Port)
	local := "http://localhost:" + port + "/"
	switch {
	case addr.IP.IsLoopback():
		return fmt.Sprintf("AMI Lab is at %s (this computer only).\n"+
			"To serve a classroom: amilab serve --addr 0.0.0.0:%s\n", local, port)
	case addr.IP.IsUnspecified():
		s := fmt.Sprintf("AMI Lab is at %s on this computer.\n", local)
		if len(ips) == 0 {
			return s + "No network address found: learners cannot reach this computer.\n"
		}
		s += "Learners on the same network open:\n"
		for _, ip := range ips {
			s += "  http://" + net.JoinHostPort(ip.String(), port) + "/\n"
		}
		return s + offlineNote
	}
	return fmt.Sprintf("AMI Lab is at http://%s/\n%s", net.JoinHostPort(addr.IP.String(), port), offlineNote)
}

// localIPs returns the machine's addresses that other machines can reach:
// IPv4 first, then global IPv6; no loopback or link-local address.
func localIPs() []net.IP {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var v4, v6 []net.IP
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() || !n.IP.IsGlobalUnicast() {
			continue
		}
		if ip4 := n.IP.To4(); ip4 != nil {
			v4 = append(v4, ip4)
		} else {
			v6 = append(v6, n.IP)
		}
	}
	return append(v4, v6...)
}
