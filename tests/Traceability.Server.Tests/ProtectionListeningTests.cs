using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Traceability.Contracts.V1;

namespace Traceability.Server.Tests;

/// <summary>Plain HTTP on loopback only, unless allowed; HTTPS with a configured certificate anywhere.</summary>
public sealed class ProtectionListeningTests
{
    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:0")]
    [InlineData("http://127.0.0.1:0;http://0.0.0.0:0")]
    public async Task PlainHttpOnANonLoopbackAddressIsRefusedAtStart_WithAMessageSayingWhatToDo(string urls)
    {
        var folder = Directory.CreateTempSubdirectory("traceability-refused-").FullName;
        try
        {
            var (exitCode, output) = await RunToExitAsync(folder, "--urls", urls, "--grpc-port", "0", "--data-dir", folder, "--silo-port", "0", "--Mqtt:Port", "0");

            Assert.Equal(2, exitCode);
            Assert.Contains("Refusing to serve plain HTTP on http://", output, StringComparison.Ordinal);
            Assert.Contains("Security:AllowInsecureHttp=true", output, StringComparison.Ordinal);
            Assert.Contains("Kestrel:Certificates:Default:Path", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Listening on", output, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080", null, false)]
    [InlineData("http://[::]:5080", null, false)]
    [InlineData("http://192.168.1.20:5080", null, false)]
    [InlineData("http://0.0.0.0:5080", "true", true)]
    [InlineData("http://0.0.0.0:5080", "false", false)]
    [InlineData("http://127.0.0.1:5080", null, true)]
    [InlineData("http://127.0.0.2:5080", null, true)]
    [InlineData("http://localhost:5080", null, true)]
    [InlineData("http://[::1]:5080", null, true)]
    [InlineData("https://0.0.0.0:5443", null, true)]
    [InlineData("https://0.0.0.0:5443;http://127.0.0.1:5080", null, true)]
    [InlineData("https://0.0.0.0:5443;http://0.0.0.0:5080", null, false)]
    public void OnlyPlainHttpBeyondLoopbackIsRefused_UnlessAllowed(string urls, string? allowInsecure, bool served)
    {
        var settings = new Dictionary<string, string?> { [Listening.AllowInsecureHttpKey] = allowInsecure };

        var problem = Listening.InsecureBindingProblem(urls, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        Assert.Equal(served, problem is null);
    }

    [Fact]
    public void AKestrelEndpointFromConfigurationIsCheckedToo()
    {
        var settings = new Dictionary<string, string?> { ["Kestrel:Endpoints:Lan:Url"] = "http://10.0.0.5:8080" };

        var problem = Listening.InsecureBindingProblem("http://127.0.0.1:5080", new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        Assert.StartsWith("Refusing to serve plain HTTP on http://10.0.0.5:8080", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttpOnLocalhostStillStarts()
    {
        await using var server = await ServerProcess.StartAsync(settings: ["--urls", "http://localhost:0"]);

        using var health = await server.Http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("127.0.0.1", server.Url.Host);
    }

    [Fact]
    public async Task HttpsWithTheConfiguredCertificateServesJsonAndGrpc_WithStrictTransportSecurity()
    {
        var folder = Directory.CreateTempSubdirectory("traceability-tls-").FullName;
        try
        {
            using var certificate = SelfSigned();
            var pfx = Path.Combine(folder, "server.pfx");
            const string password = "test-only-password";
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, password));
            await using var server = await TlsServer.StartAsync(folder, pfx, password);
            using var handler = new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString() },
            };

            using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = server.Http };
            await WaitReadyAsync(http);
            using var keyRequest = new HttpRequestMessage(HttpMethod.Get, "/v1/ledger/key");
            keyRequest.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + server.AdminKey);
            using var key = await http.SendAsync(keyRequest);
            using var grpcHandler = new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString() },
            };
            using var channel = GrpcChannel.ForAddress(server.Grpc, new GrpcChannelOptions { HttpHandler = grpcHandler, DisposeHttpClient = false });
            var signingKey = await new Traceability.Contracts.V1.Ledger.LedgerClient(channel).GetSigningKeyAsync(new GetSigningKeyRequest(), new Grpc.Core.Metadata { { "authorization", "ApiKey " + server.AdminKey } });

            Assert.Equal("https", server.Http.Scheme);
            Assert.Equal(HttpStatusCode.OK, key.StatusCode);
            Assert.StartsWith("max-age=", Assert.Single(key.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
            Assert.Equal(32, signingKey.PublicKey.Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs the server with <paramref name="args"/> until it exits on its own (a minute at most), with all it printed.</summary>
    private static async Task<(int ExitCode, string Output)> RunToExitAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(ServerProcess.BuiltAssembly("Traceability.Server", "Traceability.Server.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The server did not exit within a minute: " + await stdout);
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task WaitReadyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            if (health.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                return;
            }

            await Task.Delay(100);
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=traceability test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    /// <summary>
    /// The server on https://127.0.0.1 with a certificate from configuration, started by hand:
    /// <see cref="ServerProcess"/> waits on plain HTTP and trusts only real certificates.
    /// </summary>
    private sealed class TlsServer : IAsyncDisposable
    {
        private readonly Process _process;

        private TlsServer(Process process, Uri http, Uri grpc)
        {
            _process = process;
            Http = http;
            Grpc = grpc;
        }

        public Uri Http { get; }

        public Uri Grpc { get; }

        /// <summary>The admin key the server printed at its first start.</summary>
        public string AdminKey { get; private init; } = string.Empty;

        public static async Task<TlsServer> StartAsync(string dataDir, string pfx, string password)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dataDir };
            start.ArgumentList.Add(ServerProcess.BuiltAssembly("Traceability.Server", "Traceability.Server.dll"));
            foreach (var arg in new[]
            {
                "--urls", "https://127.0.0.1:0", "--grpc-port", "0", "--data-dir", dataDir, "--silo-port", "0", "--Mqtt:Port", "0",
                "--Kestrel:Certificates:Default:Path", pfx, "--Kestrel:Certificates:Default:Password", password,
            })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["Logging__LogLevel__Default"] = "Warning";
            var output = new StringBuilder();
            var endpoints = new TaskCompletionSource<(Uri, Uri)>(TaskCreationOptions.RunContinuationsAsynchronously);
            Uri? http = null;
            string? admin = null;
            var process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
            void Read(string? line)
            {
                if (line is null)
                {
                    return;
                }

                lock (output)
                {
                    output.AppendLine(line);
                }

                const string adminKey = "Admin API key (shown once, keep it safe): ";
                if (line.StartsWith(adminKey, StringComparison.Ordinal))
                {
                    admin = line[adminKey.Length..];
                }

                const string prefix = "Listening on ";
                if (line.StartsWith(prefix + "https://", StringComparison.Ordinal))
                {
                    var url = new Uri(line[prefix.Length..line.IndexOf(' ', prefix.Length)]);
                    if (line.EndsWith("for gRPC (HTTP/2)", StringComparison.Ordinal))
                    {
                        endpoints.TrySetResult((http!, url));
                    }
                    else
                    {
                        http ??= url;
                    }
                }
            }

            process.OutputDataReceived += (_, e) => Read(e.Data);
            process.ErrorDataReceived += (_, e) => Read(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                var (httpUrl, grpcUrl) = await endpoints.Task.WaitAsync(TimeSpan.FromSeconds(60));
                return new TlsServer(process, httpUrl, grpcUrl) { AdminKey = admin ?? throw new InvalidOperationException("The server printed no admin key.") };
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
                lock (output)
                {
                    throw new TimeoutException($"The server did not listen on https within 60 s:\n{output}");
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
