package engine

import "fmt"

// Error is a service error with EC2's error code and a message a learner can act on.
type Error struct {
	Code    string
	Message string
}

// Error formats the error as "Code: Message".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

func errf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Error codes used by the engine, as EC2 names them.
const (
	CodeDryRun                   = "DryRunOperation"
	CodeIncorrectInstanceState   = "IncorrectInstanceState"
	CodeIncorrectState           = "IncorrectState"
	CodeUnsupportedOperation     = "UnsupportedOperation"
	CodeOperationNotPermitted    = "OperationNotPermitted"
	CodeInvalidParameterValue    = "InvalidParameterValue"
	CodeInvalidParameterCombo    = "InvalidParameterCombination"
	CodeMissingParameter         = "MissingParameter"
	CodeVcpuLimitExceeded        = "VcpuLimitExceeded"
	CodeAuthFailure              = "AuthFailure"
	CodeOptInRequired            = "OptInRequired"
	CodeInvalidAMINameDuplicate  = "InvalidAMIName.Duplicate"
	CodeInvalidAMINameMalformed  = "InvalidAMIName.Malformed"
	CodeInvalidSnapshotInUse     = "InvalidSnapshot.InUse"
	CodeInvalidBlockDeviceMap    = "InvalidBlockDeviceMapping"
	CodeInvalidKeyPairNotFound   = "InvalidKeyPair.NotFound"
	CodeInvalidKeyPairDuplicate  = "InvalidKeyPair.Duplicate"
	CodeInvalidGroupNotFound     = "InvalidGroup.NotFound"
	CodeInvalidGroupDuplicate    = "InvalidGroup.Duplicate"
	CodeInvalidPermissionDup     = "InvalidPermission.Duplicate"
	CodeInvalidPermissionMissing = "InvalidPermission.NotFound"
	CodeInvalidFilter            = "InvalidParameterValue"
	CodeInvalidRegion            = "InvalidRegion"
	CodeVolumeInUse              = "VolumeInUse"
	CodeDependencyViolation      = "DependencyViolation"
	CodeInvalidUserID            = "InvalidUserID.Malformed"
	CodeUnauthorized             = "UnauthorizedOperation"
)

var errDryRun = &Error{Code: CodeDryRun, Message: "Request would have succeeded, but DryRun flag is set."}

func missing(param string) *Error {
	return errf(CodeMissingParameter, "The request must contain the parameter %s", param)
}

func invalidValue(value, param string) *Error {
	return errf(CodeInvalidParameterValue, "Invalid value '%s' for %s.", value, param)
}
