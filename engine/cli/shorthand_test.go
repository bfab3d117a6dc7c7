package cli

import (
	"testing"
)

func TestShorthand(t *testing.T) {
	tests := []struct{ in, want string }{
		{"foo=bar", `{"foo": "bar"}`},
		{"foo=bar,baz=qux", `{"foo": "bar", "baz": "qux"}`},
		{"foo=a,b", `{"foo": ["a", "b"]}`},
		{"foo=a,b,c,bar=d", `{"foo": ["a", "b", "c"], "bar": "d"}`},
		{"foo=a,b,bar=c,d", `{"foo": ["a", "b"], "bar": ["c", "d"]}`},
		{"foo=", `{"foo": ""}`},
		{"foo=,bar=x", `{"foo": "", "bar": "x"}`},
		{"foo=[a,b]", `{"foo": ["a", "b"]}`},
		{"foo=[]", `{"foo": []}`},
		{"foo=[ a , b ]", `{"foo": ["a", "b"]}`},
		{"foo={a=b}", `{"foo": {"a": "b"}}`},
		{"foo={a=[b,c],d={e=f}}", `{"foo": {"a": ["b", "c"], "d": {"e": "f"}}}`},
		{"Add=[{UserId=123456789012},{Group=all}]", `{"Add": [{"UserId": "123456789012"}, {"Group": "all"}]}`},
		{"foo=bar baz", `{"foo": "bar baz"}`},
		{"foo = bar", `{"foo": "bar"}`},
		{"foo=bar  ", `{"foo": "bar"}`},
		{`foo='a,b'`, `{"foo": "a,b"}`},
		{`foo="a,b"`, `{"foo": "a,b"}`},
		{`foo='it\'s'`, `{"foo": "it's"}`},
		{`foo=a\,b`, `{"foo": "a,b"}`},
		{"Name=tag:Env,Values=dev,prod", `{"Name": "tag:Env", "Values": ["dev", "prod"]}`},
		{"tag:Name=x", `{"tag:Name": "x"}`},
		{"foo=a=b", `{"foo": "a=b"}`},
		{"foo=a,b=c=d", `{"foo": "a", "b": "c=d"}`},
		{"Key=Name,Value=web server", `{"Key": "Name", "Value": "web server"}`},
		{"foo=ünïcode", `{"foo": "ünïcode"}`},
	}
	for _, tt := range tests {
		got, err := parseShorthand(tt.in)
		if err != nil {
			t.Errorf("parseShorthand(%q): %v", tt.in, err)
			continue
		}
		if s := pyRepr(got); s != pyRepr(mustJSON(t, tt.want)) {
			t.Errorf("parseShorthand(%q) = %s, want %s", tt.in, s, tt.want)
		}
	}
}

func mustJSON(t *testing.T, s string) any {
	t.Helper()
	v, err := decodeOrdered([]byte(s))
	if err != nil {
		t.Fatalf("bad JSON %q: %v", s, err)
	}
	return v
}

func TestShorthandErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Name", "Expected: '=', received: 'EOF' for input:\nName\n    ^"},
		{"foo=bar,", "Expected: '<second>', received: '<none>' for input:\nfoo=bar,\n        ^"},
		{"foo=[a,b", "Expected: ',', received: 'EOF' for input:\nfoo=[a,b\n        ^"},
		{"foo={a=b", "Expected: ',', received: 'EOF' for input:\nfoo={a=b\n        ^"},
		{"foo=bar,foo=baz", "Second instance of key \"foo\" encountered for input:\nfoo=bar,foo=baz\n        ^\nThis is often because there is a preceeding \",\" instead of a space."},
		{"foo='bar", "Expected: '<singled quoted>', received: '<none>' for input:\nfoo='bar\n    ^"},
		{"=x", ""},
	}
	for _, tt := range tests {
		_, err := parseShorthand(tt.in)
		if tt.want == "" {
			if err != nil {
				t.Errorf("parseShorthand(%q): unexpected error %v", tt.in, err)
			}
			continue
		}
		if err == nil || err.Error() != tt.want {
			t.Errorf("parseShorthand(%q) error =\n%v\nwant\n%s", tt.in, err, tt.want)
		}
	}
}

func FuzzShorthand(f *testing.F) {
	for _, s := range []string{"a=b,c=[d,{e=f}]", "Name=x,Values=y z", `a='b\'c',d="e"`, "a=b,a=c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := parseShorthand(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if o == nil {
			t.Fatal("nil result without error")
		}
	})
}
