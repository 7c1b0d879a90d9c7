using System.Security.Cryptography;

namespace Hub.Server.Secrets;

/// <summary>
/// The node's 256-bit master key, which encrypts secrets at rest (the Data Protection key ring now; CA and archive
/// keys later). Taken from the environment variable <c>HUB_MASTER_KEY</c> (base64) when set — several nodes on one
/// database must share it — otherwise from <c>master.key</c> in the data directory, created 0600 on first start.
/// Never logged.
/// </summary>
public sealed class MasterKey
{
    /// <summary>The environment variable that carries the key for multi-node deployments.</summary>
    public const string EnvironmentVariable = "HUB_MASTER_KEY";

    private readonly byte[] _key;

    private MasterKey(byte[] key) => _key = key;

    /// <summary>Key bytes for a cipher; callers must not keep or log them.</summary>
    internal ReadOnlySpan<byte> Bytes => _key;

    /// <summary>Loads the key from the environment or the data directory, creating the file if neither has one.</summary>
    public static MasterKey Load(string dataDirectory)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return new MasterKey(Decode(fromEnvironment, EnvironmentVariable));
        }

        var file = Path.Combine(Path.GetFullPath(dataDirectory), "master.key");
        if (File.Exists(file))
        {
            return new MasterKey(Decode(File.ReadAllText(file).Trim(), file));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var key = RandomNumberGenerator.GetBytes(32);
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, Convert.ToBase64String(key));
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, file, overwrite: false);
        return new MasterKey(key);
    }

    private static byte[] Decode(string base64, string source)
    {
        var key = new byte[32];
        if (!Convert.TryFromBase64String(base64, key, out var written) || written != 32 || base64.Length > 44)
        {
            throw new InvalidOperationException($"The master key in {source} must be 32 bytes in base64.");
        }

        return key;
    }
}
