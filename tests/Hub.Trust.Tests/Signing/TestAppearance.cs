using System.Text;
using Hub.Trust.Pdf;
using Hub.Trust.Signing;

namespace Hub.Trust.Tests.Signing;

/// <summary>The stand-in seal appearance of these tests: a red frame with a Latin label in standard Helvetica.</summary>
internal static class TestAppearance
{
    public static SealAppearance RedRectangle(string label, double width = 120, double height = 60)
    {
        var safe = new string([.. label.Where(c => c is >= ' ' and < (char)0x7F and not ('(' or ')' or '\\'))]);
        var content = FormattableString.Invariant(
            $"1 0 0 RG 3 w 1.5 1.5 {width - 3} {height - 3} re S BT /F1 10 Tf 1 0 0 rg 8 {height / 2 - 4} Td ({safe}) Tj ET");
        var font = new PdfDictionary()
            .Set("Type", new PdfName("Font"))
            .Set("Subtype", new PdfName("Type1"))
            .Set("BaseFont", new PdfName("Helvetica"))
            .Set("Encoding", new PdfName("WinAnsiEncoding"));
        return new SealAppearance(width, height, Encoding.ASCII.GetBytes(content), new PdfDictionary().Set("Font", new PdfDictionary().Set("F1", font)));
    }
}
