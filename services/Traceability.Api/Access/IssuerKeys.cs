using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.IdentityModel.Tokens;

namespace Traceability.Api.Access;

/// <summary>
/// The embedded issuer's keys: an RSA 2048 key that signs access tokens (RS256) and a 256-bit key
/// OpenIddict encrypts its own internal tokens with. Created once, kept in a JSON file of mode
/// 0600 (the key id is derived from the public key), so tokens outlive a restart and every
/// instance given the same file accepts the others' tokens.
/// </summary>
public sealed class IssuerKeys
{
    private IssuerKeys(RsaSecurityKey signing, SymmetricSecurityKey encryption)
    {
        Signing = signing;
        Encryption = encryption;
    }

    public RsaSecurityKey Signing { get; }

    public SymmetricSecurityKey Encryption { get; }

    public static IssuerKeys LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            Create(path);
        }

        var file = JsonSerializer.Deserialize(File.ReadAllText(path), IssuerKeyJson.Default.IssuerKeyFile)
            ?? throw new InvalidOperationException($"{path} holds no issuer keys.");
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(file.SigningPkcs8), out _);
        var signing = new RsaSecurityKey(rsa) { KeyId = KeyIdOf(rsa) };
        var encryption = new SymmetricSecurityKey(Convert.FromBase64String(file.Encryption));
        return new IssuerKeys(signing, encryption);
    }

    private static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var rsa = RSA.Create(2048);
        var file = new IssuerKeyFile(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var temporary = path + ".new";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, file, IssuerKeyJson.Default.IssuerKeyFile);
            stream.Flush(flushToDisk: true);
        }

        // Two instances starting on one empty folder: the first rename wins, the second keeps it.
        if (!File.Exists(path))
        {
            File.Move(temporary, path);
        }
        else
        {
            File.Delete(temporary);
        }
    }

    private static string KeyIdOf(RSA rsa) =>
        Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()).AsSpan(0, 16).ToArray());
}

internal sealed record IssuerKeyFile(
    [property: JsonPropertyName("signingPkcs8")] string SigningPkcs8,
    [property: JsonPropertyName("encryption")] string Encryption);

[JsonSerializable(typeof(IssuerKeyFile))]
internal sealed partial class IssuerKeyJson : JsonSerializerContext;
