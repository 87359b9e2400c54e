namespace Traceability.Cli.Tests;

public sealed class ServerOptionTests
{
    [Fact]
    public void WhenNothingNamesAServerThenTheLocalDefaultIsUsed()
    {
        var cli = Cli.New(traceServer: null);

        Assert.Equal(new Uri("http://127.0.0.1:5080"), cli.ParseValid("lot list").GetValue(cli.Global.Server));
    }

    [Fact]
    public void WhenTraceServerIsSetThenItIsTheDefault()
    {
        var cli = Cli.New(traceServer: "http://192.0.2.10:7000");

        Assert.Equal(new Uri("http://192.0.2.10:7000"), cli.ParseValid("lot list").GetValue(cli.Global.Server));
    }

    [Fact]
    public void WhenServerIsPassedThenItWinsOverTraceServer()
    {
        var cli = Cli.New(traceServer: "http://192.0.2.10:7000");

        Assert.Equal(new Uri("https://trace.example:443"), cli.ParseValid("--server https://trace.example:443 lot list").GetValue(cli.Global.Server));
    }

    [Theory]
    [InlineData("127.0.0.1:5080")]
    [InlineData("ftp://127.0.0.1")]
    public void WhenServerIsNotAnHttpUrlThenItIsRefused(string url)
    {
        var errors = Cli.New().ParseErrors($"lot list --server {url}");

        Assert.Equal([$"--server: '{url}' is not an http:// or https:// URL, e.g. http://127.0.0.1:5080"], errors);
    }

    [Fact]
    public void WhenTraceServerIsNotAnHttpUrlThenTheVariableIsNamed()
    {
        var errors = Cli.New(traceServer: "localhost").ParseErrors("lot list");

        Assert.Equal(["TRACE_SERVER: 'localhost' is not an http:// or https:// URL, e.g. http://127.0.0.1:5080"], errors);
    }
}
