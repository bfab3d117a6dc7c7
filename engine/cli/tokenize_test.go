package cli

import (
	"slices"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		line string
		want []string
		err  bool
	}{
		{"", nil, false},
		{"   ", nil, false},
		{"# just a comment", nil, false},
		{"aws ec2 describe-instances", []string{"aws", "ec2", "describe-instances"}, false},
		{"  aws\tec2  ", []string{"aws", "ec2"}, false},
		{"a 'b c' d", []string{"a", "b c", "d"}, false},
		{`a "b c" d`, []string{"a", "b c", "d"}, false},
		{`'it''s'`, []string{"its"}, false},
		{`"say \"hi\""`, []string{`say "hi"`}, false},
		{`"a\b"`, []string{`a\b`}, false},
		{`'a\b'`, []string{`a\b`}, false},
		{`a\ b`, []string{"a b"}, false},
		{`--query 'Reservations[].Instances[?State.Name==` + "`running`" + `]'`, []string{"--query", "Reservations[].Instances[?State.Name==`running`]"}, false},
		{`x=''`, []string{"x="}, false},
		{`''`, []string{""}, false},
		{"a # comment", []string{"a"}, false},
		{"a#b", []string{"a#b"}, false},
		{"a '#b'", []string{"a", "#b"}, false},
		{"a \\\n b", []string{"a", "b"}, false},
		{"a\\\nb", []string{"ab"}, false},
		{`--filters "Name=tag:Name,Values=web server"`, []string{"--filters", "Name=tag:Name,Values=web server"}, false},
		{`'{"Add":[{"Group":"all"}]}'`, []string{`{"Add":[{"Group":"all"}]}`}, false},
		{"'open", nil, true},
		{`"open`, nil, true},
		{`trailing\`, nil, true},
		{"naïve 'ünïcode'", []string{"naïve", "ünïcode"}, false},
	}
	for _, tt := range tests {
		got, err := Tokenize(tt.line)
		if (err != nil) != tt.err {
			t.Errorf("Tokenize(%q) error = %v, want error %v", tt.line, err, tt.err)
			continue
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"aws ec2 x --a 'b c'", `"a\"b" c\ d # e`, "'", `\`, "a\\\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		words, err := Tokenize(line)
		if err != nil {
			return
		}
		for _, w := range words {
			// Quoting every word and tokenizing again gives the same words.
			again, err := Tokenize(shellQuote(w))
			if err != nil || len(again) != 1 || again[0] != w {
				t.Fatalf("word %q does not survive quoting: %q, %v", w, again, err)
			}
		}
	})
}

// shellQuote quotes s in single quotes for Tokenize.
func shellQuote(s string) string {
	out := "'"
	for _, r := range s {
		if r == '\'' {
			out += `'\''`
		} else {
			out += string(r)
		}
	}
	return out + "'"
}
