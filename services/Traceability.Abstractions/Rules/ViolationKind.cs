namespace Traceability.Rules;

/// <summary>Why a rule refused a record; the API maps each kind to one gRPC status code.</summary>
[GenerateSerializer]
public enum ViolationKind
{
    /// <summary>The request itself is malformed (INVALID_ARGUMENT).</summary>
    InvalidArgument = 1,
    /// <summary>The request is well formed but the records do not allow it now (FAILED_PRECONDITION).</summary>
    FailedPrecondition = 2,
    /// <summary>A record the request refers to does not exist (NOT_FOUND).</summary>
    NotFound = 3,
    /// <summary>A record with this identifier exists with other content (ALREADY_EXISTS).</summary>
    AlreadyExists = 4,
}
