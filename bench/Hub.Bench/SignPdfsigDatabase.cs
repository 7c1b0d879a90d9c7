using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Bench;

/// <summary>
/// A temporary NSS database holding the benchmark's seal certificate and key, for <c>pdfsig -add-signature</c>
/// (libnss3-tools: certutil, pk12util), so both signers use the same RSA-2048 key.
/// </summary>
internal static class PdfsigDatabase
{
    /// <summary>Creates the database under <paramref name="directory"/>; returns its <c>sql:</c> path for <c>-nssdir</c> and the seal's nickname.</summary>
    public static (string Directory, string Nickname) Create(string directory, SignDocuments documents)
    {
        var nss = "sql:" + Directory.CreateDirectory(Path.Combine(directory, "nssdb")).FullName;
        var p12 = Path.Combine(directory, "seal.p12");
        using var withKey = documents.Seal.CopyWithPrivateKey(documents.SealKey);
        var bundle = new X509Certificate2Collection(withKey);
        bundle.Add(X509CertificateLoader.LoadCertificate(documents.Ca.RawData));
        File.WriteAllBytes(p12, bundle.Export(X509ContentType.Pkcs12, "bench")!);
        Run("certutil", "-N", "-d", nss, "--empty-password");
        Run("pk12util", "-i", p12, "-d", nss, "-W", "bench", "-K", string.Empty);

        // pk12util names the key's certificate itself; certutil -L marks it u,u,u (user certificate).
        var line = Run("certutil", "-L", "-d", nss).Split('\n').Select(l => l.TrimEnd()).Single(l => l.EndsWith("u,u,u", StringComparison.Ordinal));
        return (nss, line[..^5].Trim());
    }

    private static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start (apt-get install -y libnss3-tools).");
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {output}");
        }

        return output;
    }
}
