using Hub.Trust.Pdf;

namespace Hub.Trust.Tests.Pdf;

/// <summary>
/// The two-seal check: open, append two unsigned signature fields in two updates, then verify that each input is a
/// byte prefix of its output, that the reader re-opens the result and sees both fields, and (optionally) that
/// qpdf --check accepts it.
/// </summary>
internal static class TwoUpdates
{
    public static async Task<Outcome> CheckAsync(byte[] original, bool runQpdf)
    {
        PdfReader reader;
        try
        {
            reader = PdfReader.Open(original);
        }
        catch (PdfFormatException refused)
        {
            return new Outcome(refused.Message, null);
        }

        try
        {
            return await UpdateTwiceAsync(original, reader, runQpdf);
        }
        catch (PdfFormatException broken)
        {
            // The input opened, so any refusal now means the writer produced something the reader cannot read.
            return new Outcome(null, $"an updated revision does not re-open: {broken.Message}");
        }
    }

    /// <summary>The two updates alone: the output and the names given to the new fields.</summary>
    public static async Task<(byte[] Once, byte[] Twice, string First, string Second)> AppendTwoFieldsAsync(byte[] original, PdfReader reader)
    {
        var first = FreshName(reader, "Seal1");
        var once = await UnsignedSignatureField.AppendAsync(original, first);
        var second = FreshName(PdfReader.Open(once), "Seal2");
        var twice = await UnsignedSignatureField.AppendAsync(once, second);
        return (once, twice, first, second);
    }

    private static async Task<Outcome> UpdateTwiceAsync(byte[] original, PdfReader reader, bool runQpdf)
    {
        var (once, twice, first, second) = await AppendTwoFieldsAsync(original, reader);
        if (!once.AsSpan(0, original.Length).SequenceEqual(original) || !twice.AsSpan(0, once.Length).SequenceEqual(once))
        {
            return new Outcome(null, "an earlier revision is not a byte prefix of the output");
        }

        var result = PdfReader.Open(twice);
        var names = result.FormFields.Where(f => f.IsSignature).Select(f => f.FullName).ToHashSet();
        if (!names.Contains(first) || !names.Contains(second))
        {
            return new Outcome(null, $"re-opened output lacks a new field: has [{string.Join(", ", names)}]");
        }

        if (result.Pages.Count != reader.Pages.Count || result.CrossReferenceKind != Expected(reader.CrossReferenceKind))
        {
            return new Outcome(null, $"re-opened output has {result.Pages.Count} pages and a {result.CrossReferenceKind} section");
        }

        if (runQpdf)
        {
            var path = Path.Combine(Path.GetTempPath(), $"hub-pdf-{Guid.NewGuid():N}.pdf");
            try
            {
                await File.WriteAllBytesAsync(path, twice);
                var (exitCode, text) = ExternalTool.Run("qpdf", "--check", path);
                if (exitCode != 0)
                {
                    return new Outcome(null, $"qpdf --check exit {exitCode}: {text.Trim()}");
                }
            }
            finally
            {
                File.Delete(path);
            }
        }

        return new Outcome(null, null) { Pages = result.Pages.Count };
    }

    private static PdfCrossReferenceKind Expected(PdfCrossReferenceKind original) =>
        original == PdfCrossReferenceKind.Stream ? PdfCrossReferenceKind.Stream : PdfCrossReferenceKind.Table;

    private static string FreshName(PdfReader reader, string wanted)
    {
        var taken = reader.FormFields.Select(f => f.FullName).ToHashSet(StringComparer.Ordinal);
        var name = wanted;
        for (var i = 2; taken.Contains(name); i++)
        {
            name = $"{wanted}_{i}";
        }

        return name;
    }

    internal sealed record Outcome(string? Refusal, string? Failure)
    {
        public int Pages { get; init; }

        public bool Succeeded => Refusal is null && Failure is null;

        public string Describe() => Refusal is not null ? $"refused: {Refusal}" : Failure is not null ? $"FAILED: {Failure}" : $"ok, {Pages} page(s)";
    }
}
