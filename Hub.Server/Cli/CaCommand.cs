using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Server.Trust;
using Hub.Trust.Keys;
using Hub.Trust.Pki;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Server.Cli;

/// <summary><c>hub ca init | issue | revoke | crl | chain | import</c>: the Hub's certificate authority from the shell.</summary>
internal static class CaCommand
{
    public static Command Create()
    {
        var command = new Command("ca", "The Hub's certificate authority: create it, issue and revoke certificates, publish CRLs.");
        command.Subcommands.Add(Init());
        command.Subcommands.Add(Issue());
        command.Subcommands.Add(Revoke());
        command.Subcommands.Add(Crl());
        command.Subcommands.Add(Chain());
        command.Subcommands.Add(SealCertificateImport.Create());
        return command;
    }

    private static Command Init()
    {
        var data = DataDirectoryOption.Create();
        var command = new Command("init", "Create the root and issuing CA (does nothing if they exist).") { data };
        command.SetAction(async (parsed, cancellationToken) => await RunAsync(parsed.GetValue(data)!, async trust =>
        {
            var existing = await trust.Authority.GetChainAsync(cancellationToken);
            var chain = existing ?? await trust.Authority.InitAsync(cancellationToken);
            Console.Out.WriteLine(existing is null ? "CA created." : "CA already exists.");
            Console.Out.WriteLine($"root    {chain.Root.Subject}  SHA-256 {chain.Root.GetCertHashString(HashAlgorithmName.SHA256)}");
            Console.Out.WriteLine($"issuing {chain.Issuing.Subject}  SHA-256 {chain.Issuing.GetCertHashString(HashAlgorithmName.SHA256)}");
        }, cancellationToken));
        return command;
    }

    private static Command Issue()
    {
        var data = DataDirectoryOption.Create();
        var subject = new Option<string>("--subject") { Description = "Distinguished name, e.g. \"CN=华东贸易有限公司, O=华东贸易有限公司, C=CN\".", Required = true };
        var kind = new Option<string>("--kind") { Description = "org (a seal certificate) or person.", Required = true };
        kind.AcceptOnlyFromAmong("org", "person");
        var output = new Option<FileInfo>("--out") { Description = "The PKCS#12 file to write (key, certificate and chain).", Required = true };
        var password = new Option<string>("--password") { Description = "Password of the PKCS#12 file.", Required = true };
        var key = new Option<string>("--key") { Description = "rsa2048, rsa3072 or p256.", DefaultValueFactory = _ => "rsa2048" };
        key.AcceptOnlyFromAmong("rsa2048", "rsa3072", "p256");
        var days = new Option<int>("--days") { Description = "Validity in days.", DefaultValueFactory = _ => 730 };
        var command = new Command("issue", "Issue a certificate and write it with its key as PKCS#12.")
        {
            data, subject, kind, output, password, key, days,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var target = parsed.GetValue(output)!;
            if (parsed.GetValue(days) is < 1 or > 3650)
            {
                throw new CommandLineFailure("--days must be between 1 and 3650.", 2);
            }

            if (string.IsNullOrEmpty(parsed.GetValue(password)))
            {
                throw new CommandLineFailure("--password must not be empty: the PKCS#12 file holds a private key.", 2);
            }

            return await RunAsync(parsed.GetValue(data)!, async trust =>
            {
                await trust.EnsureAuthorityAsync(cancellationToken);
                var issued = await trust.Authority.IssueAsync(parsed.GetValue(subject)!,
                    parsed.GetValue(kind) == "org" ? CertificateKind.Organisation : CertificateKind.Person,
                    parsed.GetValue(key) switch { "rsa3072" => KeyAlgorithm.Rsa3072, "p256" => KeyAlgorithm.EcdsaP256, _ => KeyAlgorithm.Rsa2048 },
                    TimeSpan.FromDays(parsed.GetValue(days)), cancellationToken);
                var pkcs12 = await trust.Authority.ExportPkcs12Async(issued.SerialNumber, parsed.GetValue(password)!, cancellationToken);
                await AtomicFile.WriteAsync(target.FullName, pkcs12, cancellationToken);
                Console.Out.WriteLine($"serial {issued.SerialNumber}  {issued.Certificate.Subject}  until {issued.Certificate.NotAfter:yyyy-MM-dd}  -> {target.FullName}");
            }, cancellationToken);
        });
        return command;
    }

    private static Command Revoke()
    {
        var data = DataDirectoryOption.Create();
        var serial = new Argument<string>("SERIAL") { Description = "Serial number in hexadecimal." };
        var reason = new Option<X509RevocationReason>("--reason")
        {
            Description = "RFC 5280 reason (KeyCompromise, Superseded, CessationOfOperation …).",
            DefaultValueFactory = _ => X509RevocationReason.Unspecified,
        };
        var command = new Command("revoke", "Revoke a certificate; it appears on the next CRL.") { data, serial, reason };
        command.SetAction(async (parsed, cancellationToken) => await RunAsync(parsed.GetValue(data)!, async trust =>
        {
            var revoked = await trust.Authority.RevokeAsync(parsed.GetValue(serial)!, parsed.GetValue(reason), cancellationToken);
            Console.Out.WriteLine($"revoked {revoked.SerialNumber} at {revoked.RevokedAt:u} ({revoked.Reason})");
        }, cancellationToken));
        return command;
    }

    private static Command Crl()
    {
        var data = DataDirectoryOption.Create();
        var output = new Option<FileInfo>("--out") { Description = "The CRL file to write (DER).", Required = true };
        var command = new Command("crl", "Publish the issuing CA's current CRL.") { data, output };
        command.SetAction(async (parsed, cancellationToken) => await RunAsync(parsed.GetValue(data)!, async trust =>
        {
            await trust.EnsureAuthorityAsync(cancellationToken);
            var target = parsed.GetValue(output)!;
            await AtomicFile.WriteAsync(target.FullName, await trust.Authority.CreateCrlAsync(cancellationToken), cancellationToken);
            Console.Out.WriteLine($"CRL -> {target.FullName}");
        }, cancellationToken));
        return command;
    }

    private static Command Chain()
    {
        var data = DataDirectoryOption.Create();
        var output = new Option<FileInfo>("--out") { Description = "The PEM file to write (issuing then root).", Required = true };
        var command = new Command("chain", "Write the CA certificates (PEM), the trust anchors for verifying seals.") { data, output };
        command.SetAction(async (parsed, cancellationToken) => await RunAsync(parsed.GetValue(data)!, async trust =>
        {
            var chain = await trust.EnsureAuthorityAsync(cancellationToken);
            var target = parsed.GetValue(output)!;
            await AtomicFile.WriteAsync(target.FullName,
                System.Text.Encoding.ASCII.GetBytes(chain.Issuing.ExportCertificatePem() + "\n" + chain.Root.ExportCertificatePem() + "\n"),
                cancellationToken);
            Console.Out.WriteLine($"CA chain -> {target.FullName}");
        }, cancellationToken));
        return command;
    }

    // In the data directory's database, like every node: the CLI and a running server see one CA.
    private static Task<int> RunAsync(string dataDirectory, Func<HubTrust, Task> action, CancellationToken cancellationToken) =>
        CommandNode.RunAsync(dataDirectory, seedDemo: false, services: null, async services =>
        {
            try
            {
                await action(services.GetRequiredService<HubTrust>());
                return 0;
            }
            catch (Exception exception) when (exception is CertificateAuthorityException or KeyStoreException
                                                  or CryptographicException or IOException or UnauthorizedAccessException
                                                  or InvalidOperationException or ArgumentException)
            {
                throw new CommandLineFailure(exception.Message);
            }
        }, cancellationToken);
}
