using System.Globalization;
using System.Text;
using Hub.Trust.Pdf;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Pdf;

/// <summary>
/// Deterministic mutations of every corpus file (byte flips, truncations, duplicated and deleted ranges, numbers
/// changed next to obj/xref/startxref/Length/Prev/Size/N/First): each mutant must open or be refused with
/// <see cref="PdfFormatException"/>; any other exception, or a hang, fails. Mutants that open are also updated once
/// and re-opened, so the writer sees odd-but-accepted input too.
/// </summary>
public sealed class PdfMutationTests(ITestOutputHelper output)
{
    private const int MutantsPerFile = 400;

    private static readonly string[] NumberAnchors = ["obj", "xref", "startxref", "/Length", "/Prev", "/Size", "/N ", "/First", "/Count", "/W", "/Index"];

    [Fact]
    public async Task Open_ThousandsOfMutatedCorpusFiles_OpenOrRefuseWithPdfFormatException()
    {
        var corpus = PdfTestData.Corpus(output);
        if (corpus is null)
        {
            return;
        }

        var failures = new StringBuilder();
        var files = PdfTestData.CorpusFiles(corpus);
        int opened = 0, refused = 0;
        foreach (var (name, path) in files)
        {
            var original = await File.ReadAllBytesAsync(path);
            // string.GetHashCode is randomised per process; this one is stable, so a failing seed can be replayed.
            var seed = name.Aggregate(17, (hash, c) => unchecked((hash * 31) + c)) & 0x7FFFFFFF;

            // One task per file: a hang in any mutant fails the test at the timeout instead of blocking the run.
            var (o, r, f) = await Task.Run(() => MutateAndOpen(name, original, seed)).WaitAsync(TimeSpan.FromSeconds(60));
            opened += o;
            refused += r;
            failures.Append(f);
        }

        output.WriteLine($"{files.Count} files, {opened + refused} mutants: {opened} opened, {refused} refused.");
        Assert.True(opened + refused >= 4000, $"only {opened + refused} mutants ran");
        Assert.True(opened > 0 && refused > 0, "mutations should both break and spare files");
        Assert.True(failures.Length == 0, failures.ToString());
    }

    private static (int Opened, int Refused, string Failures) MutateAndOpen(string name, byte[] original, int seed)
    {
        var random = new Random(seed);
        var failures = new StringBuilder();
        int opened = 0, refused = 0;
        for (var i = 0; i < MutantsPerFile; i++)
        {
            var (kind, mutant) = Mutate(original, random);
            try
            {
                var reader = PdfReader.Open(mutant);
                foreach (var page in reader.Pages.Take(3))
                {
                    TryContents(reader, page);
                }

                if (i % 4 == 0 && reader.Pages.Count > 0)
                {
                    var updated = UnsignedSignatureField.AppendAsync(mutant, $"Mutant{i}").GetAwaiter().GetResult();
                    PdfReader.Open(updated);
                }

                opened++;
            }
            catch (PdfFormatException)
            {
                refused++;
            }
            catch (Exception unexpected)
            {
                failures.AppendLine($"{name} mutant {i} ({kind}, seed {seed}): {unexpected.GetType().Name}: {unexpected.Message}\n{unexpected.StackTrace}");
            }
        }

        return (opened, refused, failures.ToString());
    }

    private static void TryContents(PdfReader reader, PdfPage page)
    {
        try
        {
            reader.GetPageContents(page);
        }
        catch (PdfFormatException)
        {
            // Content refused on its own is fine: the document opened, the page's content is damaged or unsupported.
        }
    }

    private static (string Kind, byte[] Mutant) Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        var kind = random.Next(6);
        switch (kind)
        {
            case 0:
                for (var k = random.Next(1, 4); k > 0; k--)
                {
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                }

                return ("byte flips", [.. bytes]);
            case 1:
                return ("truncation", original[..random.Next(original.Length)]);
            case 2:
            {
                var start = random.Next(original.Length);
                var length = Math.Min(random.Next(1, 200), original.Length - start);
                bytes.InsertRange(random.Next(bytes.Count), original.AsSpan(start, length).ToArray());
                return ("duplicated range", [.. bytes]);
            }

            case 3:
            {
                var start = random.Next(original.Length);
                bytes.RemoveRange(start, Math.Min(random.Next(1, 100), original.Length - start));
                return ("deleted range", [.. bytes]);
            }

            default:
                return ("number change", ChangeNumber(original, random));
        }
    }

    private static byte[] ChangeNumber(byte[] original, Random random)
    {
        var text = Encoding.Latin1.GetString(original);
        var anchor = NumberAnchors[random.Next(NumberAnchors.Length)];
        var hits = new List<int>();
        for (var at = text.IndexOf(anchor, StringComparison.Ordinal); at >= 0 && hits.Count < 1000; at = text.IndexOf(anchor, at + 1, StringComparison.Ordinal))
        {
            hits.Add(at);
        }

        if (hits.Count == 0)
        {
            return original[..^1];
        }

        // The nearest run of digits within 24 bytes on either side of the anchor.
        var hit = hits[random.Next(hits.Count)];
        var from = Math.Max(0, hit - 24);
        var window = text[from..Math.Min(text.Length, hit + anchor.Length + 24)];
        var digits = System.Text.RegularExpressions.Regex.Matches(window, "[0-9]+");
        if (digits.Count == 0)
        {
            return original[..^1];
        }

        var match = digits[random.Next(digits.Count)];
        var value = long.Parse(match.Value.Length > 18 ? match.Value[..18] : match.Value, CultureInfo.InvariantCulture);
        string[] replacements = ["0", "-1", (value + 1).ToString(CultureInfo.InvariantCulture), (value - 1).ToString(CultureInfo.InvariantCulture),
            "99999999999", "4294967296", (value * 2).ToString(CultureInfo.InvariantCulture), "1.5"];
        var replacement = replacements[random.Next(replacements.Length)];
        var position = from + match.Index;
        return [.. original.AsSpan(0, position), .. Encoding.Latin1.GetBytes(replacement), .. original.AsSpan(position + match.Length)];
    }
}
