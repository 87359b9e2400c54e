using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Traceability.Epcis;

/// <summary>
/// The EPCIS Event Hash ID of GS1 CBV 2.0 (section 8.9): a canonical pre-hash string of the
/// event, hashed with SHA-256 and written as an RFC 6920 <c>ni</c> URI,
/// <c>ni:///sha-256;&lt;64 lowercase hex digits&gt;?ver=CBV2.0</c>. Every serialisation of the
/// same event (key order, CURIE or full URI, EPC URN or Digital Link, time zone) has the same
/// hash; <c>eventID</c> and <c>recordTime</c> are not part of it. Pure and thread-safe.
/// </summary>
public static partial class EventHash
{
    private const string Prefix = "ni:///sha-256;";
    private const string Version = "?ver=CBV2.0";

    /// <summary>
    /// The pre-hash string of <paramref name="epcisEvent"/>, an EPCIS 2.0 JSON-LD event.
    /// </summary>
    /// <param name="epcisEvent">The event; its own <c>@context</c>, if any, is honoured.</param>
    /// <param name="context">
    /// The enclosing document's <c>@context</c>, whose prefixes apply beneath the event's own.
    /// The standard EPCIS 2.0 context is always in force and never fetched.
    /// </param>
    /// <exception cref="FormatException">The event has no <c>type</c>.</exception>
    public static string PreHash(JsonObject epcisEvent, JsonNode? context = null)
    {
        ArgumentNullException.ThrowIfNull(epcisEvent);
        var builder = Epcis.PreHash.Rent();
        try
        {
            builder.Build(epcisEvent, PrefixesFor(epcisEvent, context));
            return builder.Text.ToString();
        }
        finally
        {
            Epcis.PreHash.Return(builder);
        }
    }

    /// <summary>The hash ID of <paramref name="epcisEvent"/>: <c>ni:///sha-256;…?ver=CBV2.0</c>.</summary>
    /// <inheritdoc cref="PreHash(JsonObject, JsonNode?)"/>
    public static string Compute(JsonObject epcisEvent, JsonNode? context = null)
    {
        ArgumentNullException.ThrowIfNull(epcisEvent);
        var builder = Epcis.PreHash.Rent();
        try
        {
            builder.Build(epcisEvent, PrefixesFor(epcisEvent, context));
            return FromPreHash(builder.Text);
        }
        finally
        {
            Epcis.PreHash.Return(builder);
        }
    }

    /// <summary>The hash ID of a pre-hash string.</summary>
    public static string FromPreHash(string preHash)
    {
        ArgumentNullException.ThrowIfNull(preHash);
        return FromUtf16(preHash);
    }

    private static JsonLdPrefixes PrefixesFor(JsonObject epcisEvent, JsonNode? context) =>
        JsonLdPrefixes.Standard.With(context).With(epcisEvent["@context"]);

    /// <summary>The hash ID of the pre-hash string in <paramref name="preHash"/>, without making a string of it.</summary>
    private static string FromPreHash(StringBuilder preHash)
    {
        var length = preHash.Length;
        var chars = ArrayPool<char>.Shared.Rent(length);
        try
        {
            preHash.CopyTo(0, chars, length);
            return FromUtf16(chars.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>SHA-256 of the UTF-8 bytes of <paramref name="preHash"/> (a lone surrogate as U+FFFD, as <see cref="Encoding.UTF8"/> writes it), as a hash ID.</summary>
    private static string FromUtf16(ReadOnlySpan<char> preHash)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(preHash.Length));
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        try
        {
            var count = Encoding.UTF8.GetBytes(preHash, bytes);
            SHA256.HashData(bytes.AsSpan(0, count), digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
        Span<char> id = stackalloc char[Prefix.Length + 2 * SHA256.HashSizeInBytes + Version.Length];
        Prefix.CopyTo(id);
        Convert.TryToHexStringLower(digest, id[Prefix.Length..], out _);
        Version.CopyTo(id[(Prefix.Length + 2 * SHA256.HashSizeInBytes)..]);
        return new string(id);
    }

    /// <summary>
    /// The 32-byte SHA-256 digest in <paramref name="hashId"/>, which must be a CBV event hash ID:
    /// <c>ni:///sha-256;</c>, 64 lowercase hex digits, <c>?ver=CBV</c> and a version such as
    /// <c>2.0</c> or <c>2.0.1</c>.
    /// </summary>
    /// <exception cref="FormatException"><paramref name="hashId"/> is not of that form.</exception>
    public static byte[] Digest(string hashId)
    {
        ArgumentNullException.ThrowIfNull(hashId);
        var match = HashIdSyntax().Match(hashId);
        if (!match.Success)
        {
            throw new FormatException($"'{hashId}' is not an EPCIS event hash ID (ni:///sha-256;<64 lowercase hex digits>?ver=CBV<major>.<minor>).");
        }
        return Convert.FromHexString(match.Groups["hex"].ValueSpan);
    }

    [GeneratedRegex(@"^ni:///sha-256;(?<hex>[0-9a-f]{64})\?ver=CBV[0-9]+\.[0-9]+(\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex HashIdSyntax();
}
