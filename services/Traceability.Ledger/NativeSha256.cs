using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Traceability.Ledger;

/// <summary>
/// SHA-256 of short inputs through OpenSSL's low-level <c>SHA256_Init/Update/Final</c> on Linux.
/// </summary>
/// <remarks>
/// <para>
/// A tree hash is SHA-256 over 65 bytes: two compressions, about 0.1 µs with the SHA extensions.
/// <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> on Linux goes through OpenSSL 3's
/// EVP one-shot, whose per-call setup (a context, a provider lookup) costs 0.5–0.7 µs on top: most of
/// the time of a proof verification (20–24 hashes). The low-level functions use the same assembly
/// (and the same CPU dispatch) without that setup.
/// </para>
/// <para>
/// They are deprecated in OpenSSL 3 but exported by 1.1 and 3.x builds (not by builds configured with
/// <c>no-deprecated</c>). The library is the libcrypto that .NET itself loads; when it or the functions
/// are missing, or their output differs from <see cref="SHA256"/> on a self-test, <see cref="Available"/>
/// is false and callers use <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>.
/// </para>
/// </remarks>
internal static unsafe class NativeSha256
{
    // sizeof(SHA256_CTX) is 112 bytes in OpenSSL 1.1 and 3.x; leave room.
    private const int ContextSize = 256;

    private static readonly delegate* unmanaged<byte*, int> s_init;
    private static readonly delegate* unmanaged<byte*, byte*, nuint, int> s_update;
    private static readonly delegate* unmanaged<byte*, byte*, int> s_final;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1810", Justification = "The functions are resolved together, once.")]
    static NativeSha256()
    {
        if (!OperatingSystem.IsLinux() || AppContext.TryGetSwitch("Traceability.Ledger.DisableNativeSha256", out var disabled) && disabled)
        {
            return;
        }
        foreach (var name in (ReadOnlySpan<string>)["libcrypto.so.3", "libcrypto.so.1.1"])
        {
            if (NativeLibrary.TryLoad(name, out var library)
                && NativeLibrary.TryGetExport(library, "SHA256_Init", out var init)
                && NativeLibrary.TryGetExport(library, "SHA256_Update", out var update)
                && NativeLibrary.TryGetExport(library, "SHA256_Final", out var final))
            {
                s_init = (delegate* unmanaged<byte*, int>)init;
                s_update = (delegate* unmanaged<byte*, byte*, nuint, int>)update;
                s_final = (delegate* unmanaged<byte*, byte*, int>)final;
                Available = SelfTest();
                return;
            }
        }
    }

    /// <summary>Whether <see cref="TryHash"/> can be used.</summary>
    public static bool Available { get; }

    /// <summary>Writes SHA-256(<paramref name="data"/>) into the first 32 bytes of <paramref name="destination"/>; false when it could not.</summary>
    public static bool TryHash(ReadOnlySpan<byte> data, Span<byte> destination) =>
        Available && destination.Length >= MerkleHash.Size && Hash(data, destination);

    private static bool Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var context = stackalloc byte[ContextSize];
        fixed (byte* input = data)
        fixed (byte* output = destination)
        {
            return s_init(context) == 1
                && s_update(context, input, (nuint)data.Length) == 1
                && s_final(output, context) == 1;
        }
    }

    private static bool SelfTest()
    {
        try
        {
            Span<byte> input = stackalloc byte[300];
            Span<byte> expected = stackalloc byte[MerkleHash.Size];
            Span<byte> actual = stackalloc byte[MerkleHash.Size];
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = (byte)(i * 31 + 7);
            }
            foreach (var length in (ReadOnlySpan<int>)[0, 1, 33, 55, 56, 63, 64, 65, 119, 128, 300])
            {
                SHA256.HashData(input[..length], expected);
                if (!Hash(input[..length], actual) || !actual.SequenceEqual(expected))
                {
                    return false;
                }
            }
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }
}
