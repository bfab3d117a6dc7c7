package cli

import "fmt"

// runConfigure answers "aws configure list"; the sandbox has nothing else
// to configure.
func (s *Session) runConfigure(words []string, g *globals) Result {
	if len(words) != 1 || words[0] != "list" {
		return Result{Output: "\naws configure: only \"aws configure list\" is available in the sandbox; use \"sandbox use-account\" and \"sandbox use-region\" to change the profile and region\n", ExitCode: exitUsage}
	}
	profile, profileType, profileWhere := "<not set>", "None", "None"
	if g.profile != "" {
		profile, profileType, profileWhere = g.profile, "manual", "--profile"
	} else if s.Profile != "default" {
		profile, profileType, profileWhere = s.Profile, "manual", "sandbox use-account"
	}
	region, regionType, regionWhere := s.Region, "config-file", "~/.aws/config"
	if g.region != "" {
		region, regionType, regionWhere = g.region, "manual", "--region"
	}
	row := func(name, value, typ, where string) string {
		return fmt.Sprintf("%10s %24s %16s    %s\n", name, value, typ, where)
	}
	return Result{Output: row("Name", "Value", "Type", "Location") +
		row("----", "-----", "----", "--------") +
		row("profile", profile, profileType, profileWhere) +
		row("access_key", "****************LAB1", "shared-credentials-file", "") +
		row("secret_key", "****************LAB1", "shared-credentials-file", "") +
		row("region", region, regionType, regionWhere)}
}
