using System.Text.Json;
using System.Text.Json.Serialization;

namespace Traceability.Cli;

/// <summary>A bearer token <c>trace login</c> obtained for one server; never the API key it was exchanged for.</summary>
/// <param name="AccessToken">The token, sent as <c>Authorization: Bearer …</c>.</param>
/// <param name="ExpiresAt">When the issuer said it stops working; null when it did not say.</param>
/// <param name="KeyId">The id of the API key it was obtained with (the public half of the key), to tell a person which key it was.</param>
internal sealed record StoredToken(string AccessToken, DateTimeOffset? ExpiresAt, string KeyId);

/// <summary>
/// The tokens of <c>trace login</c>, one per server URL, in
/// <c>$XDG_CONFIG_HOME/traceability/credentials.json</c> (else <c>~/.config/traceability/…</c>,
/// the application-data folder elsewhere). The file is created readable by its owner alone (0600,
/// its folder 0700) and replaced whole on each change, so a crash never leaves half a file.
/// </summary>
internal sealed class CredentialStore(string path)
{
    /// <summary>The variable that, when set, names the folder holding <c>traceability/credentials.json</c>.</summary>
    public const string ConfigHomeVariable = "XDG_CONFIG_HOME";

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The credentials file.</summary>
    public string Path { get; } = path;

    /// <summary>The store of the folder <paramref name="environment"/> points at.</summary>
    public static CredentialStore For(Func<string, string?> environment)
    {
        var home = environment(ConfigHomeVariable) is { Length: > 0 } configured && System.IO.Path.IsPathRooted(configured)
            ? configured
            : Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return new CredentialStore(System.IO.Path.Combine(home, "traceability", "credentials.json"));
    }

    /// <summary>
    /// The key a server's entry is filed under: scheme, host and port, and the path without its
    /// trailing slash, so <c>http://h:5080</c> and <c>http://h:5080/</c> are one server.
    /// </summary>
    public static string Key(Uri server) => server.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>The token stored for <paramref name="server"/>, or null.</summary>
    /// <exception cref="CredentialFileException">The file exists but cannot be read as a credentials file.</exception>
    public StoredToken? Find(Uri server) => Read().Servers.GetValueOrDefault(Key(server));

    /// <summary>Stores <paramref name="token"/> for <paramref name="server"/>, replacing the one before; a file that cannot be read is started afresh.</summary>
    /// <exception cref="IOException">The file or its folder cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its folder cannot be written.</exception>
    public void Save(Uri server, StoredToken token)
    {
        CredentialsFile file;
        try
        {
            file = Read();
        }
        catch (CredentialFileException)
        {
            file = new CredentialsFile();
        }
        file.Servers[Key(server)] = token;
        Write(file);
    }

    /// <summary>Removes the entry of <paramref name="server"/>; false when there was none.</summary>
    /// <exception cref="CredentialFileException">The file exists but cannot be read as a credentials file.</exception>
    public bool Remove(Uri server)
    {
        var file = Read();
        if (!file.Servers.Remove(Key(server)))
        {
            return false;
        }
        Write(file);
        return true;
    }

    private CredentialsFile Read()
    {
        string text;
        try
        {
            text = File.ReadAllText(Path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return new CredentialsFile();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CredentialFileException(Path, exception.Message, exception);
        }
        try
        {
            var file = JsonSerializer.Deserialize<CredentialsFile>(text, Json);
            if (file?.Servers is null || file.Servers.Values.Any(token => token is null || string.IsNullOrEmpty(token.AccessToken)))
            {
                throw new CredentialFileException(Path, "not a credentials file", null);
            }
            return file;
        }
        catch (JsonException exception)
        {
            throw new CredentialFileException(Path, exception.Message, exception);
        }
    }

    private void Write(CredentialsFile file)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        var partial = System.IO.Path.Combine(folder, $".credentials.{Environment.ProcessId}.partial");
        var bytes = JsonSerializer.SerializeToUtf8Bytes(file, Json);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
            // A folder made before (by hand, or by an older version) is narrowed too: it holds tokens.
            File.SetUnixFileMode(folder, OwnerOnlyFolder);
            options.UnixCreateMode = OwnerOnlyFile;
        }
        try
        {
            using (var stream = new FileStream(partial, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(partial, Path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private sealed class CredentialsFile
    {
        /// <summary>By <see cref="Key"/>.</summary>
        public Dictionary<string, StoredToken> Servers { get; init; } = new(StringComparer.Ordinal);
    }
}

/// <summary>The credentials file exists but cannot be read as one.</summary>
internal sealed class CredentialFileException(string path, string reason, Exception? inner)
    : Exception($"cannot read the credentials file {path} ({reason}); remove it, or run `trace login` to write it afresh", inner);
