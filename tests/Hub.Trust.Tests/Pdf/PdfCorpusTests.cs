using System.Text;
using Hub.Trust.Pdf;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Pdf;

/// <summary>
/// Every file of the pyHanko corpus (../shared/data/pdf-pyhanko) is either updated twice, as two seals would be, or
/// refused with a clear message listed in <see cref="ExpectedRefusals"/>.
/// </summary>
public sealed class PdfCorpusTests(ITestOutputHelper output)
{
    /// <summary>The reviewed refusals: corpus file → fragment of the expected message. One comment per defect.</summary>
    internal static readonly Dictionary<string, string> ExpectedRefusals = new(StringComparer.Ordinal)
    {
        // Object stream 9's header does not list object 4 although the xref stream says 4 lives there.
        ["broken-objstream1.pdf"] = "Object stream 9 does not contain object 4",

        // Object stream 9's header is cut short: a pair has a non-integer where 'number offset' belongs.
        ["broken-objstream2.pdf"] = "Object stream 9 has a malformed header at pair 4",
        ["broken-objstream3.pdf"] = "Object stream 9 has a malformed header at pair 4",

        // Object stream 9's /First points past its header, so the header pairs run out early.
        ["broken-objstream6.pdf"] = "Object stream 9 has a malformed header at pair 2",

        // A /Pages node lists itself among its kids.
        ["circular-page-tree.pdf"] = "PDF page tree has a cycle: object 6 0 R",

        // A form field is its own descendant through /Kids.
        ["form-tree-circular-ref-input.pdf"] = "PDF form field tree has a cycle: object 11 0 R",

        // The update's xref points object 3 (the page) into blanked-out bytes: the page is gone.
        ["minimal-annotless.pdf"] = "xref offset 803 of object 3 0 R does not point to '3 0 obj'",

        // startxref says 100, the middle of an object, far from any xref section.
        ["minimal-startxref-hopeless.pdf"] = "startxref offset 100 does not point to a cross-reference section",

        // startxref is followed by two offsets: which one is meant cannot be told.
        ["minimal-startxref-hopeless2.pdf"] = "is followed by more than one offset",

        // startxref is followed by 'z565', not a number.
        ["minimal-startxref-hopeless3.pdf"] = "is not followed by a byte offset",

        // A page is written directly inside /Kids; a widget's /P cannot refer to it.
        ["page-tree-direct-kid.pdf"] = "has a kid that is not an indirect reference",

        // Encrypted (RC4, AES-256, public-key, or a malformed /Encrypt): refused in v1 (pdfsign.md §1).
        ["embedded-encrypted-nocf.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["malformed-encrypt-dict1.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["malformed-encrypt-dict2.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["minimal-aes256-empty-encrypted-string.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["minimal-aes256-malformed-oe.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["minimal-aes256-malformed-perms.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["minimal-aes256.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["minimal-pubkey-aes256.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["minimal-pubkey-rc4-envelope.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["minimal-pubkey-rc4.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["minimal-pubkey-unknown-envelope-alg.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["minimal-rc4.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["minimal-two-fields-aes256.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["minimal-two-fields-pubkey-aes256.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["minimal-two-fields-pubkey-rc4.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["minimal-with-field-aes256.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["minimal-with-field-pubkey-aes256.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["minimal-with-field-pubkey-rc4.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["minimal-with-field-rc4.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["pubkey-3des-test.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["pubkey-ecc-test.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["pubkey-rc2-test.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
        ["signed-encrypted-pubkey-with-catalog-ref.pdf"] = "PDF is encrypted (/Encrypt in the trailer)",
    };

    /// <summary>
    /// Files whose original qpdf --check already faults (file → fragment of qpdf's complaint), so qpdf is not asked to
    /// accept their output either; the test checks that qpdf still says so.
    /// </summary>
    internal static readonly Dictionary<string, string> QpdfRejectsOriginal = new(StringComparer.Ordinal)
    {
        // An in-use xref entry has offset 0 (object 20); the reader treats it as free, qpdf warns.
        ["leaky-graphics-state-doc.pdf"] = "object has offset 0",
        ["layout-tests/leaky-graphics-state-stamp-no-corr-result.pdf"] = "object has offset 0",
        ["layout-tests/leaky-graphics-state-stamp-result.pdf"] = "object has offset 0",

        // xref entries padded with spaces instead of zeros: read as tokens here, accepted with warnings by qpdf.
        ["malformed-xref-space-padded.pdf"] = "accepting invalid xref table entry",

        // The header reads %PDF-X.Y: qpdf cannot find a version.
        ["minimal-illegal-header.pdf"] = "can't find PDF header",

        // Object 2 is empty ('2 0 obj endobj'), which qpdf reads as null with a warning.
        ["safedocs/CompactedPDFSyntaxTest.pdf"] = "empty object treated as null",

        // Refused by the reader anyway; qpdf warns about the same defects.
        ["broken-objstream1.pdf"] = "operation for dictionary attempted on object of type null",
        ["broken-objstream2.pdf"] = "expected integer in object stream header",
        ["broken-objstream3.pdf"] = "expected integer in object stream header",
        ["broken-objstream6.pdf"] = "unexpected EOF",
        ["minimal-annotless.pdf"] = "expected 3 0 obj",
    };

    [Fact]
    public async Task Open_EveryCorpusFile_UpdatesTwiceOrRefusesAsReviewed()
    {
        var corpus = PdfTestData.Corpus(output);
        if (corpus is null)
        {
            return;
        }

        var qpdf = ExternalTool.Available("qpdf", output);
        var problems = new StringBuilder();
        var files = PdfTestData.CorpusFiles(corpus);
        foreach (var (name, path) in files)
        {
            var bytes = await File.ReadAllBytesAsync(path);
            var outcome = await TwoUpdates.CheckAsync(bytes, qpdf && !QpdfRejectsOriginal.ContainsKey(name));
            output.WriteLine($"{name}: {outcome.Describe()}");
            if (ExpectedRefusals.TryGetValue(name, out var fragment))
            {
                if (outcome.Refusal is null || !outcome.Refusal.Contains(fragment, StringComparison.Ordinal))
                {
                    problems.AppendLine($"{name}: expected refusal containing '{fragment}', got {outcome.Describe()}");
                }
            }
            else if (!outcome.Succeeded)
            {
                problems.AppendLine($"{name}: {outcome.Describe()}");
            }

            if (qpdf && QpdfRejectsOriginal.TryGetValue(name, out var complaint))
            {
                var (exitCode, text) = ExternalTool.Run("qpdf", "--check", path);
                if (exitCode == 0 || !text.Contains(complaint, StringComparison.Ordinal))
                {
                    problems.AppendLine($"{name}: listed as faulted by qpdf with '{complaint}', but qpdf says (exit {exitCode}): {text.Trim()}");
                }
            }
        }

        Assert.True(files.Count >= 100, $"corpus has only {files.Count} PDFs");
        Assert.True(problems.Length == 0, problems.ToString());
    }
}
