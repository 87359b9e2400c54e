using Grpc.Core;

namespace Traceability.Cli;

/// <summary>The process exit codes, so scripts can tell a bad request from a missing record.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Anything else: the server could not be reached, an internal error, a bug.</summary>
    public const int Failure = 1;

    /// <summary>
    /// The request is wrong as it stands: the command line does not parse, or the server refused
    /// it (INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE).
    /// </summary>
    public const int Rejected = 2;

    /// <summary>A record the request names does not exist (NOT_FOUND).</summary>
    public const int NotFound = 3;

    /// <summary>The record exists with other content (ALREADY_EXISTS).</summary>
    public const int AlreadyExists = 4;

    /// <summary>A proof bundle or the event store was checked and something does not hold.</summary>
    public const int NotVerified = 5;

    /// <summary>
    /// No usable credential: none was sent where one is needed, the server refused the one sent
    /// (UNAUTHENTICATED, HTTP 401), the stored token expired, or the key was refused at login.
    /// </summary>
    public const int Unauthenticated = 6;

    /// <summary>The credential is valid but may not do this (PERMISSION_DENIED, HTTP 403).</summary>
    public const int PermissionDenied = 7;

    public static int For(StatusCode status) => status switch
    {
        StatusCode.OK => Ok,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => Rejected,
        StatusCode.NotFound => NotFound,
        StatusCode.AlreadyExists => AlreadyExists,
        StatusCode.Unauthenticated => Unauthenticated,
        StatusCode.PermissionDenied => PermissionDenied,
        _ => Failure,
    };
}
