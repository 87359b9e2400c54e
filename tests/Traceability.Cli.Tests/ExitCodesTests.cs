using Grpc.Core;

namespace Traceability.Cli.Tests;

public sealed class ExitCodesTests
{
    [Theory]
    [InlineData(StatusCode.OK, 0)]
    [InlineData(StatusCode.InvalidArgument, 2)]
    [InlineData(StatusCode.FailedPrecondition, 2)]
    [InlineData(StatusCode.OutOfRange, 2)]
    [InlineData(StatusCode.NotFound, 3)]
    [InlineData(StatusCode.AlreadyExists, 4)]
    [InlineData(StatusCode.Unavailable, 1)]
    [InlineData(StatusCode.Internal, 1)]
    [InlineData(StatusCode.Unauthenticated, 6)]
    [InlineData(StatusCode.PermissionDenied, 7)]
    [InlineData(StatusCode.Unknown, 1)]
    public void EachStatusHasItsExitCode(StatusCode status, int exit) => Assert.Equal(exit, ExitCodes.For(status));
}
