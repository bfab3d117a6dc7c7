package cli

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// RunScript runs every line of in through s, printing each as the sandbox
// terminal shows it: "$ " and the line, then its output. Blank lines and
// comments (# …) are skipped. It returns the exit status of the last line.
func RunScript(s *Session, in io.Reader, out io.Writer) (int, error) {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	code := 0
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		res := s.Run(line)
		if _, err := fmt.Fprintf(out, "$ %s\n%s", line, res.Output); err != nil {
			return 0, err
		}
		code = res.ExitCode
	}
	return code, sc.Err()
}
