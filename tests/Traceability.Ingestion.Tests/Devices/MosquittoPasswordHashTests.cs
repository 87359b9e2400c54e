using System.Diagnostics;
using Traceability.Ingestion.Devices;

namespace Traceability.Ingestion.Tests.Devices;

/// <summary>mosquitto's <c>$7$</c> format, checked against the real <c>mosquitto_passwd</c>.</summary>
public sealed class MosquittoPasswordHashTests
{
    [Fact]
    public void AHashHasMosquittosShape_TwelveByteSaltAndSixtyFourByteHash()
    {
        var hash = MosquittoPasswordHash.Create("s3cret");

        Assert.StartsWith("$7$101$", hash, StringComparison.Ordinal);
        Assert.True(MosquittoPasswordHash.TryParse(hash, out var iterations, out var salt, out var digest));
        Assert.Equal(101, iterations);
        Assert.Equal(12, salt.Length);
        Assert.Equal(64, digest.Length);
    }

    [Fact]
    public void TheSamePasswordHashesDifferentlyEachTime_AndVerifiesBoth()
    {
        var a = MosquittoPasswordHash.Create("s3cret");
        var b = MosquittoPasswordHash.Create("s3cret");

        Assert.NotEqual(a, b);
        Assert.True(MosquittoPasswordHash.Verify("s3cret", a));
        Assert.True(MosquittoPasswordHash.Verify("s3cret", b));
        Assert.False(MosquittoPasswordHash.Verify("s3cret!", a));
    }

    [Theory]
    [InlineData("")]
    [InlineData("$6$abc$def")]
    [InlineData("$7$0$AAAAAAAAAAAAAAAA$AAAA")]
    [InlineData("$7$101$not base64$AAAA")]
    [InlineData("$7$101$AAAAAAAAAAAAAAAA$AAAA")]
    [InlineData("s3cret")]
    public void AnythingButAWellFormedHashVerifiesNothing(string encoded)
    {
        Assert.False(MosquittoPasswordHash.Verify("s3cret", encoded));
    }

    [Fact]
    public async Task AHashWrittenByMosquittoPasswdVerifies_AndOursHasTheSameShape()
    {
        var folder = Directory.CreateTempSubdirectory("traceability-passwd-");
        try
        {
            var file = Path.Combine(folder.FullName, "passwd");
            await File.WriteAllTextAsync(file, "");
            using (var passwd = Process.Start(new ProcessStartInfo("/usr/bin/mosquitto_passwd", ["-b", file, "alice", "correct horse"]) { UseShellExecute = false })!)
            {
                await passwd.WaitForExitAsync();
                Assert.Equal(0, passwd.ExitCode);
            }

            var theirs = (await File.ReadAllTextAsync(file)).Trim().Split(':', 2)[1];

            Assert.True(MosquittoPasswordHash.Verify("correct horse", theirs));
            Assert.False(MosquittoPasswordHash.Verify("correct horse!", theirs));
            Assert.True(MosquittoPasswordHash.TryParse(theirs, out var iterations, out var salt, out _));
            Assert.Equal(MosquittoPasswordHash.DefaultIterations, iterations);
            Assert.Equal(MosquittoPasswordHash.SaltBytes, salt.Length);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
