using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Server.Cli.Pdf;
using Hub.Trust.Pdf;
using Hub.Trust.Signing;
using Hub.Trust.Timestamps;
using Hub.Trust.Verification;

namespace Hub.Server.Cli;

/// <summary>
/// <c>hub pdf sign</c> seals a PDF with a PKCS#12 seal certificate; <c>hub pdf verify</c> checks every signature and
/// each seal's approval statement (exit 0: all intact, valid and trusted, every statement valid; 1: some signature or
/// statement is not; 2: the input cannot be read).
/// </summary>
internal static class PdfCommand
{
    private static readonly string[] Appearances = ["official", "contract", "finance", "invoice", "legal-rep", "personal", "none"];

    public static Command Create() => new("pdf", "Seal PDFs (PAdES) and verify their signatures.") { SignCommand(), VerifyCommand() };

    private static Command SignCommand()
    {
        var input = new Option<string>("--in") { Description = "The PDF to seal.", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the sealed PDF (written only on success).", Required = true };
        var pfx = new Option<string>("--pfx") { Description = "PKCS#12 file with the seal certificate, its key and chain.", Required = true };
        var password = new Option<string>("--password") { Description = "Password of the PKCS#12 file.", Required = true };
        var page = new Option<int?>("--page") { Description = "Page number (1-based) for --rect, or the first page searched for --keyword." };
        var rect = new Option<string?>("--rect") { Description = "X,Y,W,H in points on the page as displayed." };
        var keyword = new Option<string?>("--keyword") { Description = "Centre the seal on this text." };
        var appearance = new Option<string>("--appearance") { Description = "Seal look: official|contract|finance|invoice|legal-rep|personal|none (legal-rep and personal show --seal-name).", DefaultValueFactory = _ => "official" };
        appearance.AcceptOnlyFromAmong(Appearances);
        var organisation = new Option<string?>("--org-name") { Description = "Organisation name on the seal." };
        var sealName = new Option<string?>("--seal-name") { Description = "Seal name on the seal." };
        var sealCode = new Option<string?>("--seal-code") { Description = "13-digit seal code (round seals), or the invoice seal's code." };
        var taxpayer = new Option<string?>("--taxpayer-number") { Description = "Taxpayer identification number (required by --appearance invoice)." };
        var level = new Option<string?>("--level") { Description = "B-B (default), B-T, B-LT or B-LTA." };
        // A string, parsed by PdfSignArguments: System.CommandLine has no parser for Uri and throws on any value.
        var tsa = new Option<string?>("--tsa") { Description = "RFC 3161 time-stamp authority URL (B-T and up)." };
        var certify = new Option<bool>("--certify") { Description = "Certify with DocMDP P=2 (first signature only)." };
        var field = new Option<string?>("--field") { Description = "Signature field name (unique, no '.')." };
        var reason = new Option<string?>("--reason") { Description = "Reason text." };
        var command = new Command("sign", "Apply a PAdES seal as an incremental update.")
        {
            input, output, pfx, password, page, rect, keyword, appearance, organisation, sealName, sealCode, taxpayer, level, tsa, certify, field, reason,
        };
        command.SetAction(async (parsed, cancellationToken) => await ReportFailuresAsync(async () =>
        {
            var padesLevel = PdfSignArguments.Level(parsed.GetValue(level));
            var kind = parsed.GetValue(appearance)!;
            var placement = PdfSignArguments.Placement(parsed.GetValue(page), parsed.GetValue(rect), parsed.GetValue(keyword), kind != "none");
            var tsaUrl = PdfSignArguments.TsaUrl(parsed.GetValue(tsa));
            if (padesLevel != PadesLevel.BaselineB && tsaUrl is null)
            {
                throw new CommandLineFailure($"--level {parsed.GetValue(level)} needs --tsa URL.", 2);
            }

            var (certificate, chain) = LoadPfx(parsed.GetValue(pfx)!, parsed.GetValue(password)!);
            using var http = new HttpClient();
            var signer = new PdfSigner(tsaUrl is null ? null : new TimestampClient(http, new TimestampClientOptions { Url = tsaUrl }));
            var request = new PdfSealRequest
            {
                Certificate = certificate,
                Chain = chain,
                Level = padesLevel,
                Placement = placement,
                Appearance = SealAppearanceArguments.Create(
                    kind, new SealTexts(parsed.GetValue(organisation), parsed.GetValue(sealName), parsed.GetValue(sealCode), parsed.GetValue(taxpayer)), certificate),
                Certify = parsed.GetValue(certify),
                FieldName = parsed.GetValue(field),
                Reason = parsed.GetValue(reason),
            };
            var name = await SignAsync(signer, parsed.GetValue(input)!, parsed.GetValue(output)!, request, cancellationToken);
            Console.WriteLine($"sealed {parsed.GetValue(output)} (field {name}, {parsed.GetValue(level) ?? "B-B"})");
            return 0;
        }));
        return command;
    }

    private static Command VerifyCommand()
    {
        var file = new Argument<string>("FILE") { Description = "The PDF to verify." };
        var trust = new Option<string[]>("--trust-anchor", "--trust") { Description = "PEM file of trust anchors (repeatable), e.g. from ca chain or GET /ca/chain.pem." };
        var data = new Option<string?>("--data-dir")
        {
            Description = "Also trust the Hub's CA from this data directory's database. Default: $HUB_DATA_DIR, else ./data when a Hub has run there; none otherwise.",
        };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var command = new Command("verify", "Verify every signature of a PDF and show, per seal, who approved what under which grant and policy.")
        {
            file, trust, data, json,
        };
        command.SetAction(async (parsed, cancellationToken) => await ReportFailuresAsync(async () =>
        {
            var path = parsed.GetValue(file)!;
            var anchors = new List<X509Certificate2>(PdfTrustAnchors.FromPemFiles(parsed.GetValue(trust) ?? []));
            anchors.AddRange(await PdfTrustAnchors.FromDataDirectoryAsync(parsed.GetValue(data), cancellationToken));
            PdfVerification report;
            try
            {
                var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
                report = PdfVerification.Run(Path.GetFileName(path), bytes, anchors, TimeProvider.System);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or PdfFormatException)
            {
                throw new CommandLineFailure($"{path}: {e.Message}", 2);
            }

            Console.WriteLine(parsed.GetValue(json) ? PdfVerifyReport.Json(report) : PdfVerifyReport.Text(report));
            return report.Ok ? 0 : 1;
        }));
        return command;
    }

    /// <summary>
    /// Prints a <see cref="CommandLineFailure"/> as one line and returns its exit code here, because System.CommandLine's
    /// default exception handler would print a stack trace and exit 1, losing the 2 of bad input.
    /// </summary>
    private static async Task<int> ReportFailuresAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (CommandLineFailure failure)
        {
            await Console.Error.WriteLineAsync("hub: " + failure.Message);
            return failure.ExitCode;
        }
    }

    private static async Task<string> SignAsync(PdfSigner signer, string input, string output, PdfSealRequest request, CancellationToken cancellationToken)
    {
        byte[] pdf;
        try
        {
            pdf = await File.ReadAllBytesAsync(input, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineFailure($"--in {input}: {e.Message}", 2);
        }

        // Written beside the target and renamed only on success, so OUT is never left half-written.
        var full = Path.GetFullPath(output);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            string name;
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                name = await signer.SealAsync(pdf, stream, request, cancellationToken);
            }

            File.Move(temporary, full, overwrite: true);
            return name;
        }
        catch (Exception e) when (e is PdfFormatException or PdfSigningException)
        {
            throw new CommandLineFailure($"{input}: {e.Message}", 2);
        }
        catch (Exception e) when (e is TimestampException or IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new CommandLineFailure($"{input}: {e.Message}", 1);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static (X509Certificate2 Certificate, IReadOnlyList<X509Certificate2> Chain) LoadPfx(string path, string password)
    {
        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new CommandLineFailure($"--pfx {path}: {e.Message}", 2);
        }

        var certificate = all.Cast<X509Certificate2>().FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new CommandLineFailure($"--pfx {path} holds no certificate with a private key.", 2);
        return (certificate, [.. all.Cast<X509Certificate2>().Where(c => !ReferenceEquals(c, certificate))]);
    }
}
