package cli

import (
	"fmt"
	"strings"
)

// summaries describe each command in one line for the help texts.
var summaries = map[string]string{
	"run-instances":                    "Launch instances from an image",
	"describe-instances":               "List instances, optionally by id or filter",
	"stop-instances":                   "Stop EBS-backed instances (--force skips a clean shutdown)",
	"start-instances":                  "Start stopped instances",
	"reboot-instances":                 "Reboot running instances",
	"terminate-instances":              "Terminate instances",
	"describe-instance-status":         "Show the state and status checks of instances",
	"modify-instance-attribute":        "Change an instance attribute (type, protection, shutdown behaviour, user data, groups)",
	"describe-instance-attribute":      "Show one attribute of an instance",
	"describe-instance-types":          "List instance types: vCPUs, memory, instance store",
	"create-image":                     "Create an AMI from an instance",
	"register-image":                   "Register an AMI from snapshots or a bundle",
	"copy-image":                       "Copy an AMI into the region given by --region",
	"deregister-image":                 "Deregister an AMI",
	"describe-images":                  "List AMIs (--owners, --executable-users, --image-ids, --filters)",
	"modify-image-attribute":           "Change an AMI's launch permissions or description",
	"describe-image-attribute":         "Show an AMI's launch permissions, description, ...",
	"reset-image-attribute":            "Reset an AMI attribute (launch permissions) to its default",
	"create-tags":                      "Add or overwrite tags on resources",
	"delete-tags":                      "Remove tags from resources",
	"describe-tags":                    "List tags",
	"describe-volumes":                 "List EBS volumes",
	"delete-volume":                    "Delete an available EBS volume",
	"create-snapshot":                  "Snapshot an EBS volume",
	"describe-snapshots":               "List EBS snapshots",
	"delete-snapshot":                  "Delete a snapshot",
	"create-security-group":            "Create a security group",
	"describe-security-groups":         "List security groups",
	"delete-security-group":            "Delete a security group",
	"authorize-security-group-ingress": "Allow inbound traffic (--protocol --port --cidr, or --ip-permissions)",
	"revoke-security-group-ingress":    "Remove an inbound rule",
	"create-key-pair":                  "Create a key pair (prints the private key once)",
	"describe-key-pairs":               "List key pairs",
	"delete-key-pair":                  "Delete a key pair",
	"describe-regions":                 "List regions",
	"describe-availability-zones":      "List the availability zones of the region",
	"get-caller-identity":              "Show the account and identity the CLI acts as",
}

func topHelp() string {
	var b strings.Builder
	b.WriteString("AWS CLI v2 (AMI Lab sandbox)\n\n")
	b.WriteString("usage: aws [options] <command> <subcommand> [parameters]\n\n")
	b.WriteString("Commands:\n")
	for _, sv := range services {
		fmt.Fprintf(&b, "  %-6s %s\n", sv.name, "aws "+sv.name+" help lists its subcommands")
	}
	b.WriteString("\nOptions, anywhere on the line:\n")
	for _, o := range globalOptions {
		if o.hidden {
			continue
		}
		arg := ""
		if o.value {
			arg = " <value>"
		}
		fmt.Fprintf(&b, "  --%s%s\n", o.name, arg)
	}
	b.WriteString("\nThe sandbox's own commands: sandbox help\n")
	return b.String()
}

func serviceHelp(sv *service) string {
	var b strings.Builder
	fmt.Fprintf(&b, "aws %s commands available in the sandbox:\n\n", sv.name)
	for _, op := range sv.ops {
		fmt.Fprintf(&b, "  %-34s %s\n", op.name, summaries[op.name])
	}
	if sv.name == "ec2" {
		fmt.Fprintf(&b, "  %-34s %s\n", "wait", "Wait until a resource reaches a state (aws ec2 wait help)")
	}
	fmt.Fprintf(&b, "\nFor a command's options: aws %s <command> help\n", sv.name)
	return b.String()
}

func operationHelp(op *operation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n\n", op.name, op.api)
	if s := summaries[op.name]; s != "" {
		b.WriteString(s + ".\n\n")
	}
	b.WriteString("SYNOPSIS\n  " + op.name + "\n")
	for _, a := range op.arguments() {
		if a.hidden {
			continue
		}
		var form string
		switch {
		case a.flag():
			form = "--" + a.name + " | --" + a.negative
		default:
			form = "--" + a.name + " <value>"
			if a.list() {
				form += " [<value> ...]"
			}
		}
		if !a.required {
			form = "[" + form + "]"
		}
		b.WriteString("  " + form + "\n")
	}
	b.WriteString("\nValues: shorthand (Key=Value,Key2=a,b) or JSON; lists as several words.\n")
	return b.String()
}
