package cli

import (
	"testing"

	jmespath "github.com/jmespath/go-jmespath"
)

const volumesDoc = `{"Volumes":[
 {"AvailabilityZone":"us-west-2a","Attachments":[{"InstanceId":"i-a071c394","State":"attached"}],"VolumeId":"vol-e11a5288","Size":30,"Encrypted":false},
 {"AvailabilityZone":"us-west-2a","Attachments":[],"VolumeId":"vol-2e410a47","Size":8,"Encrypted":true}]}`

func TestFormats(t *testing.T) {
	tests := []struct {
		name, doc, query, output, want string
	}{
		{"json keeps order and unicode", `{"b":1,"a":"ü<&>","c":[],"d":{},"e":null,"f":true,"g":1.5}`, "", "json",
			"{\n    \"b\": 1,\n    \"a\": \"ü<&>\",\n    \"c\": [],\n    \"d\": {},\n    \"e\": null,\n    \"f\": true,\n    \"g\": 1.5\n}\n"},
		{"json empty object prints nothing", `{}`, "", "json", ""},
		{"json query null", `{"a":1}`, "b", "json", "null\n"},
		{"json query string", `{"a":"x\ty"}`, "a", "json", "\"x\\ty\"\n"},
		{"json multiselect hash order", `{"Z":1,"A":2}`, "{z: Z, a: A}", "json", "{\n    \"z\": 1,\n    \"a\": 2\n}\n"},
		{"text nested", volumesDoc, "", "text",
			"VOLUMES\tus-west-2a\tFalse\t30\tvol-e11a5288\nATTACHMENTS\ti-a071c394\tattached\nVOLUMES\tus-west-2a\tTrue\t8\tvol-2e410a47\n"},
		{"text scalar list", `{"Ids":["a","b"]}`, "Ids", "text", "a\tb\n"},
		{"text identifier list", `{"Ids":["a","b"]}`, "", "text", "IDS\ta\nIDS\tb\n"},
		{"text scalar", `{"Id":"x"}`, "Id", "text", "x\n"},
		{"text null", `{"Id":"x"}`, "Nope", "text", "None\n"},
		{"text list of lists", `{"R":[{"I":[{"a":1,"b":"x"}]},{"I":[{"a":2,"b":"y"}]}]}`, "R[].I[].[a,b]", "text", "1\tx\n2\ty\n"},
		{"table query", volumesDoc, "Volumes[*].{ID:VolumeId,InstanceId:Attachments[0].InstanceId,AZ:AvailabilityZone,Size:Size}", "table",
			"------------------------------------------------------\n" +
				"|                   DescribeVolumes                  |\n" +
				"+------------+----------------+--------------+-------+\n" +
				"|     AZ     |      ID        | InstanceId   | Size  |\n" +
				"+------------+----------------+--------------+-------+\n" +
				"|  us-west-2a|  vol-e11a5288  |  i-a071c394  |  30   |\n" +
				"|  us-west-2a|  vol-2e410a47  |  None        |  8    |\n" +
				"+------------+----------------+--------------+-------+\n"},
		{"table nested", volumesDoc, "", "table",
			"-------------------------------------------------------------\n" +
				"|                      DescribeVolumes                      |\n" +
				"+-----------------------------------------------------------+\n" +
				"||                         Volumes                         ||\n" +
				"|+-------------------+------------+-------+----------------+|\n" +
				"|| AvailabilityZone  | Encrypted  | Size  |   VolumeId     ||\n" +
				"|+-------------------+------------+-------+----------------+|\n" +
				"||  us-west-2a       |  False     |  30   |  vol-e11a5288  ||\n" +
				"|+-------------------+------------+-------+----------------+|\n" +
				"|||                      Attachments                      |||\n" +
				"||+-----------------------------+-------------------------+||\n" +
				"|||         InstanceId          |          State          |||\n" +
				"||+-----------------------------+-------------------------+||\n" +
				"|||  i-a071c394                 |  attached               |||\n" +
				"||+-----------------------------+-------------------------+||\n" +
				"||                         Volumes                         ||\n" +
				"|+-------------------+------------+-------+----------------+|\n" +
				"|| AvailabilityZone  | Encrypted  | Size  |   VolumeId     ||\n" +
				"|+-------------------+------------+-------+----------------+|\n" +
				"||  us-west-2a       |  True      |  8    |  vol-2e410a47  ||\n" +
				"|+-------------------+------------+-------+----------------+|\n"},
		{"table single key object", `{"ImageId":"ami-1"}`, "", "table",
			"----------------------\n" +
				"|     CreateImage    |\n" +
				"+----------+---------+\n" +
				"|  ImageId |  ami-1  |\n" +
				"+----------+---------+\n"},
		{"table scalar shows only the title", `{"ImageId":"ami-1"}`, "ImageId", "table",
			"-------------\n" +
				"|CreateImage|\n" +
				"+-----------+\n"},
		{"table wide one-row section turns vertical", `{"A":"` + repeat("a", 40) + `","B":"` + repeat("b", 40) + `"}`, "", "table",
			"---------------------------------------------------\n" +
				"|                   CreateImage                   |\n" +
				"+---+---------------------------------------------+\n" +
				"|  A|  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa   |\n" +
				"|  B|  bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb   |\n" +
				"+---+---------------------------------------------+\n"},
		{"table empty prints nothing", `{}`, "", "table", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustJSON(t, tt.doc)
			if tt.query != "" {
				var err error
				doc, err = applyQuery(jmespath.MustCompile(tt.query), tt.query, doc)
				if err != nil {
					t.Fatal(err)
				}
			}
			title := "CreateImage"
			if tt.doc == volumesDoc {
				title = "DescribeVolumes"
			}
			var got string
			switch tt.output {
			case "json":
				got = formatResponse(title, doc, &globals{}).Output
			case "text":
				got = formatText(doc)
			case "table":
				got = formatTable(title, doc)
			}
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

func TestPythonStrings(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{true, "True"}, {nil, "None"}, {1.5, "1.5"}, {3.0, "3"}, {1e-05, "1e-05"},
		{[]any{"a", true}, "['a', True]"},
		{"it's", "it's"},
	}
	for _, tt := range tests {
		if got := pyStr(tt.v); got != tt.want {
			t.Errorf("pyStr(%#v) = %q, want %q", tt.v, got, tt.want)
		}
	}
	if got := pyQuote("it's"); got != `"it's"` {
		t.Errorf("pyQuote = %s", got)
	}
}

func TestQueryKeyOrder(t *testing.T) {
	doc := mustJSON(t, `{"Reservations":[{"Instances":[{"InstanceId":"i-1","State":{"Code":16,"Name":"running"},"Tags":[{"Key":"Name","Value":"web"}]}]}]}`)
	tests := []struct{ query, want string }{
		{`Reservations[].Instances[].{"Instance ID": InstanceId, State: State.Name, Name: Tags[?Key=='Name'] | [0].Value}`,
			`[{'Instance ID': 'i-1', 'State': 'running', 'Name': 'web'}]`},
		{"Reservations[].Instances[].{z: {b: State.Code, a: State.Name}, y: InstanceId}",
			`[{'z': {'b': 16, 'a': 'running'}, 'y': 'i-1'}]`},
		{"Reservations[0].Instances[0].State", `{'Code': 16, 'Name': 'running'}`},
		{"Reservations[].Instances[].Tags[?Key==`Name`].Value[]", `['web']`},
		{"Reservations[].Instances[?State.Code==`16`].InstanceId[]", `['i-1']`},
		{"Reservations[].Instances[?State.Name=='running'] | length(@)", `1`},
	}
	for _, tt := range tests {
		q, err := compileQuery(tt.query)
		if err != nil {
			t.Errorf("%s: %v", tt.query, err)
			continue
		}
		got, err := applyQuery(q, tt.query, doc)
		if err != nil {
			t.Errorf("%s: %v", tt.query, err)
			continue
		}
		if s := pyRepr(got); s != tt.want {
			t.Errorf("%s = %s, want %s", tt.query, s, tt.want)
		}
	}
}

func TestLegacyLiterals(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a[?b==`c`]", "a[?b==`\"c\"`]"},
		{"a[?b==`16`]", "a[?b==`16`]"},
		{"a[?b==`\"c\"`]", "a[?b==`\"c\"`]"},
		{"a[?b=='`x`']", "a[?b=='`x`']"},
		{"join(`, `, a)", "join(`\", \"`, a)"},
	}
	for _, tt := range tests {
		if got := legacyLiterals(tt.in); got != tt.want {
			t.Errorf("legacyLiterals(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
