using System.Net;
using System.Text;
using Traceability.Testing;

namespace Traceability.Conditions.Tests;

/// <summary>One HTTP request as <see cref="RecordedInfluxServer"/> received it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string Body);

/// <summary>
/// A stand-in for an InfluxDB 2.x server on a free 127.0.0.1 port that answers with recorded
/// responses: <c>/api/v2/query</c> with a fixture of annotated CSV, <c>/api/v2/write</c> with 204 (or
/// a chosen error). It records every request so tests can assert what InfluxDB.Client sent. Not an
/// InfluxDB: it does not interpret queries or keep writes.
/// </summary>
public sealed class RecordedInfluxServer : IDisposable
{
    private readonly List<RecordedRequest> _requests = [];
    private readonly LoopbackHttpServer _server;

    public RecordedInfluxServer(string queryResponseCsv)
    {
        QueryResponseCsv = queryResponseCsv;
        _server = new LoopbackHttpServer(Answer);
    }

    public Uri Url => _server.Url;

    public string QueryResponseCsv { get; }

    /// <summary>When set, writes are answered with this status and an InfluxDB-style JSON error.</summary>
    public HttpStatusCode? WriteError { get; set; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public void Dispose() => _server.Dispose();

    private LoopbackResponse Answer(LoopbackRequest request)
    {
        lock (_requests)
        {
            _requests.Add(new RecordedRequest(request.Method, request.Path, request.Query, Encoding.UTF8.GetString(request.Body)));
        }

        return request.Path switch
        {
            "/api/v2/query" => LoopbackResponse.Text(200, "text/csv; charset=utf-8", QueryResponseCsv),
            "/api/v2/write" when WriteError is { } status => LoopbackResponse.Text(
                (int)status, "application/json; charset=utf-8", """{"code":"invalid","message":"unable to parse 'x': missing fields"}"""),
            "/api/v2/write" => new LoopbackResponse(204),
            _ => new LoopbackResponse(404),
        };
    }
}
