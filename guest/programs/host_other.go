//go:build !wasip1

package programs

// Outside the guest runtime there is no network, power or session.

func hostHTTP(string) string {
	return "7 Couldn't connect to server: no network outside the guest runtime\n"
}

func hostPower(uint32) {}

func hostSession(string) {}
