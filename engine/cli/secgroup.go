package cli

import (
	"strconv"
	"strings"
)

// securityGroupRuleSpec: the AWS CLI's simple options for one rule
// (--protocol, --port, --cidr, --source-group, --group-owner) build the
// first entry of IpPermissions; they cannot be mixed with --ip-permissions.
var securityGroupRuleSpec = spec{
	hide: []string{"IpProtocol", "FromPort", "ToPort", "CidrIp", "SourceSecurityGroupName"},
	extra: []*argument{
		ruleArg("protocol", setProtocol),
		ruleArg("port", setPort),
		ruleArg("cidr", func(rule *object, v string) error {
			r := newObject()
			r.set("CidrIp", v)
			rule.set("IpRanges", []any{r})
			return nil
		}),
		ruleArg("source-group", func(rule *object, v string) error {
			if strings.HasPrefix(v, "sg-") {
				groupPair(rule).set("GroupId", v)
			} else {
				groupPair(rule).set("GroupName", v)
			}
			return nil
		}),
		ruleArg("group-owner", func(rule *object, v string) error {
			groupPair(rule).set("UserId", v)
			return nil
		}),
	},
	check: func(p *parsedArgs) error {
		if _, ok := p.values[argByAPI(p.order, "IpPermissions")]; !ok {
			return nil
		}
		for _, a := range p.order {
			if a.apply != nil {
				return &usageError{msg: "The --" + a.name + " option is not compatible with the --ip-permissions option "}
			}
		}
		return nil
	},
}

// ruleArg is a custom argument that fills the first rule of IpPermissions.
func ruleArg(name string, set func(rule *object, v string) error) *argument {
	return &argument{name: name, shape: &shape{kind: kString}, apply: func(params *object, v string) error {
		if v == "" {
			return nil
		}
		rules, _ := params.get("IpPermissions")
		list, _ := rules.([]any)
		if len(list) == 0 {
			list = []any{newObject()}
			params.set("IpPermissions", list)
		}
		rule, ok := list[0].(*object)
		if !ok {
			return nil
		}
		return set(rule, v)
	}}
}

func groupPair(rule *object) *object {
	pairs, _ := rule.get("UserIdGroupPairs")
	list, _ := pairs.([]any)
	if len(list) == 0 {
		list = []any{newObject()}
		rule.set("UserIdGroupPairs", list)
	}
	pair, _ := list[0].(*object)
	return pair
}

func setProtocol(rule *object, v string) error {
	if n, err := strconv.Atoi(v); err == nil {
		if (n < 0 || n > 255) && n != -1 {
			return &usageError{msg: "protocol numbers must be in the range 0-255 or -1 to specify all protocols"}
		}
	} else {
		switch v {
		case "tcp", "udp", "icmp":
		case "all":
			v = "-1"
		default:
			return &usageError{msg: "protocol parameter should be one of: tcp|udp|icmp|all or any valid protocol number."}
		}
	}
	rule.set("IpProtocol", v)
	return nil
}

func setPort(rule *object, v string) error {
	from, to := v, v
	if v == "-1" || v == "all" {
		from, to = "-1", "-1"
	} else if f, t, ok := strings.Cut(v, "-"); ok {
		from, to = f, t
	}
	lo, err1 := strconv.Atoi(from)
	hi, err2 := strconv.Atoi(to)
	if err1 != nil || err2 != nil {
		return &usageError{msg: "port parameter should be of the form <from[-to]> (e.g. 22 or 22-25)"}
	}
	rule.set("FromPort", jsonInt(lo))
	rule.set("ToPort", jsonInt(hi))
	return nil
}

func argByAPI(args []*argument, api string) *argument {
	for _, a := range args {
		if a.api == api {
			return a
		}
	}
	return nil
}
