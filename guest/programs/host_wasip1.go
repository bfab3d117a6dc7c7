//go:build wasip1

package programs

import "unsafe"

// The runtime's host functions (module "amilab").

//go:wasmimport amilab http
func amilabHTTP(req unsafe.Pointer, reqLen uint32) uint32

//go:wasmimport amilab result
func amilabResult(buf unsafe.Pointer, bufLen uint32)

//go:wasmimport amilab power
func amilabPower(mode uint32)

//go:wasmimport amilab session
func amilabSession(state unsafe.Pointer, n uint32)

// hostHTTP sends a request ("METHOD URL\nHeader: value…") and returns the
// runtime's answer: "CODE MESSAGE\n" (CODE 0 on success, else curl's exit
// code) followed by the raw HTTP response.
func hostHTTP(req string) string {
	b := []byte(req)
	n := amilabHTTP(unsafe.Pointer(unsafe.SliceData(b)), uint32(len(b)))
	if n == 0 {
		return "7 Couldn't connect to server\n"
	}
	buf := make([]byte, n)
	amilabResult(unsafe.Pointer(&buf[0]), n)
	return string(buf)
}

// hostPower asks the runtime to power the instance off (0) or reboot it (1).
func hostPower(mode uint32) { amilabPower(mode) }

// hostSession hands the login session's state to the runtime.
func hostSession(state string) {
	b := []byte(state)
	amilabSession(unsafe.Pointer(unsafe.SliceData(b)), uint32(len(b)))
}
