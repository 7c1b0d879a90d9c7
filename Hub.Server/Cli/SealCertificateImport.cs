using System.CommandLine;
using Hub.Server.Seals;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Server.Cli;

/// <summary>
/// <c>hub ca import --seal ID --pkcs12 FILE --password-file F</c>: binds an electronic seal to a certificate and key from
/// a licensed CA. The password is read from a file, never from the command line, where other users could see it.
/// </summary>
internal static class SealCertificateImport
{
    public static Command Create()
    {
        var data = DataDirectoryOption.Create();
        var seal = new Option<Guid>("--seal") { Description = "The electronic seal's id (see `hub seal list`).", Required = true };
        var pkcs12 = new Option<FileInfo>("--pkcs12") { Description = "The PKCS#12 file: one private key, its certificate and the chain to the root.", Required = true };
        var passwordFile = new Option<FileInfo>("--password-file") { Description = "A file whose first line is the PKCS#12 password.", Required = true };
        var command = new Command("import", "Import a seal certificate and its key from a licensed CA (PKCS#12) and bind it to a seal.")
        {
            data, seal, pkcs12, passwordFile,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var bytes = await ReadAsync(parsed.GetValue(pkcs12)!, cancellationToken);
            var password = (await ReadAsync(parsed.GetValue(passwordFile)!, cancellationToken)) is var raw
                ? System.Text.Encoding.UTF8.GetString(raw).Split('\n')[0].TrimEnd('\r')
                : "";
            var sealId = parsed.GetValue(seal);
            return await CommandNode.RunAsync(parsed.GetValue(data)!, seedDemo: false, services: null, async services =>
            {
                var outcome = await services.GetRequiredService<SealCertificates>().ImportAsync(sealId, bytes, password, null, cancellationToken);
                if (outcome.Refusal is { } refusal)
                {
                    throw new CommandLineFailure($"{refusal.Code}: {refusal.Message}", refusal.Kind == SealRefusalKind.Invalid ? 2 : 1);
                }

                Console.Out.WriteLine($"seal {sealId} bound to certificate {outcome.Value!.CertificateSerial} (key {outcome.Value.KeyId})");
                return 0;
            }, cancellationToken);
        });
        return command;
    }

    private static async Task<byte[]> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineFailure($"Cannot read {file.FullName}: {exception.Message}", 2);
        }
    }
}
