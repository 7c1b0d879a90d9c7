using System.Globalization;
using System.Text;
using Hub.Trust.Pdf;
using Hub.Trust.Signing;

namespace Hub.Server.Cli.Pdf;

/// <summary>
/// The stand-in appearance of <c>pdf sign</c> until the seal appearances (Hub.Trust/Appearances) are connected: a red
/// frame with the organisation and seal names in standard Helvetica. Helvetica's WinAnsi encoding has no CJK glyphs,
/// so characters outside printable ASCII are shown as '?'.
/// </summary>
internal static class PlaceholderSealAppearance
{
    private const double Width = 160;
    private const double Height = 70;

    public static SealAppearance Create(string kind, string? organisation, string? sealName)
    {
        var title = sealName ?? kind switch
        {
            "contract" => "Contract Seal",
            "finance" => "Finance Seal",
            "invoice" => "Invoice Seal",
            "legal-rep" => "Legal Representative",
            _ => "Official Seal",
        };
        var content = string.Create(CultureInfo.InvariantCulture, $"""
            1 0 0 RG 3 w 1.5 1.5 {Width - 3} {Height - 3} re S
            BT 1 0 0 rg /F1 11 Tf 10 {Height - 25} Td ({Escape(organisation ?? "Hub")}) Tj 0 -20 Td ({Escape(title)}) Tj ET
            """);
        var font = new PdfDictionary()
            .Set("Type", new PdfName("Font"))
            .Set("Subtype", new PdfName("Type1"))
            .Set("BaseFont", new PdfName("Helvetica"))
            .Set("Encoding", new PdfName("WinAnsiEncoding"));
        return new SealAppearance(Width, Height, Encoding.ASCII.GetBytes(content), new PdfDictionary().Set("Font", new PdfDictionary().Set("F1", font)));
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '(' or ')' or '\\' => "\\" + c,
                >= ' ' and < (char)0x7F => c.ToString(),
                _ => "?",
            });
        }

        return builder.ToString();
    }
}
