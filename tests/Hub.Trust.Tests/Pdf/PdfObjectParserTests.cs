using System.Text;
using Hub.Trust.Pdf;

namespace Hub.Trust.Tests.Pdf;

/// <summary>Objects parsed from PDF syntax (ISO 32000-1 §7.3), the examples taken from the clauses they cite.</summary>
public sealed class PdfObjectParserTests
{
    [Fact]
    public void Parse_LiteralStringWithEscapesAndBalancedParentheses_DecodesBytes()
    {
        // §7.3.4.2: balanced parentheses need no escape; \ddd is octal; backslash-EOL continues the line.
        var value = Assert.IsType<PdfString>(Parse("(a (b) \\(c\\) \\101\\53\\n\\\r\nd)"));
        Assert.Equal("a (b) (c) A+\nd", Encoding.Latin1.GetString(value.Bytes));
        Assert.False(value.IsHex);
    }

    [Fact]
    public void Parse_HexStringWithOddDigitCountAndSpaces_PadsFinalDigitWithZero()
    {
        // §7.3.4.3: "<901FA>" is the same as "<901FA0>".
        var value = Assert.IsType<PdfString>(Parse("<90 1F A>"));
        Assert.Equal(new byte[] { 0x90, 0x1F, 0xA0 }, value.Bytes.ToArray());
        Assert.True(value.IsHex);
    }

    [Fact]
    public void Parse_NameWithNumberSignEscapes_DecodesThem()
    {
        // §7.3.5 Table 4: /A#42 is /AB, /paired#28#29parentheses is /paired()parentheses.
        Assert.Equal("AB", Assert.IsType<PdfName>(Parse("/A#42")).Value);
        Assert.Equal("paired()parentheses", Assert.IsType<PdfName>(Parse("/paired#28#29parentheses")).Value);
    }

    [Fact]
    public void Parse_ArrayOfIntegersAndReference_RecognisesOnlyNGR()
    {
        var array = Assert.IsType<PdfArray>(Parse("[1 2 3 0 R 4]"));
        Assert.Equal(4, array.Count);
        Assert.Equal(1, Assert.IsType<PdfInteger>(array[0]).Value);
        Assert.Equal(2, Assert.IsType<PdfInteger>(array[1]).Value);
        Assert.Equal(new PdfReference(3, 0), array[2]);
        Assert.Equal(4, Assert.IsType<PdfInteger>(array[3]).Value);
    }

    [Fact]
    public void Parse_RealsInAllForms_ReadsValues()
    {
        // §7.3.3: 34.5 -3.62 +123.6 4. -.002 0.0
        var array = Assert.IsType<PdfArray>(Parse("[34.5 -3.62 +123.6 4. -.002 0.0]"));
        Assert.Equal([34.5, -3.62, 123.6, 4, -0.002, 0], array.Select(x => Assert.IsType<PdfReal>(x).Value));
    }

    [Fact]
    public void Parse_CompactedDictionaryWithoutSpaces_ReadsEveryEntry()
    {
        var dictionary = Assert.IsType<PdfDictionary>(Parse("<</A/B/C[1 2]/D<</E(x)>>/F true/G null/H 5 0 R>>"));
        Assert.Equal("B", dictionary.GetName("A"));
        Assert.Equal(2, Assert.IsType<PdfArray>(dictionary["C"]).Count);
        Assert.Equal("x", Assert.IsType<PdfString>(Assert.IsType<PdfDictionary>(dictionary["D"])["E"]).ToText());
        Assert.Same(PdfBoolean.True, dictionary["F"]);
        Assert.Null(dictionary["G"]);
        Assert.Equal(new PdfReference(5, 0), dictionary["H"]);
    }

    [Fact]
    public void Parse_DictionaryKeyThatIsNotAName_ThrowsWithOffset()
    {
        var error = Assert.Throws<PdfFormatException>(() => Parse("<< /A 1 2 /B >>"));
        Assert.Equal("Malformed PDF syntax at byte 8: dictionary key '2' is not a name.", error.Message);
    }

    [Fact]
    public void Parse_UnterminatedArray_Throws()
    {
        var error = Assert.Throws<PdfFormatException>(() => Parse("[1 2"));
        Assert.Equal("Malformed PDF syntax at byte 0: unterminated array.", error.Message);
    }

    [Fact]
    public void ToString_ParsedObject_WritesCanonicalSyntaxThatParsesBack()
    {
        var source = "<</Type/Annot/T(Seal \\(1\\))/Rect[0 0 10.5 -2]/Empty/ /N 6 0 R/H<00FF>>>";
        var written = Parse(source).ToString();
        Assert.Equal("<</Type/Annot/T(Seal \\(1\\))/Rect[0 0 10.5 -2]/Empty/ /N 6 0 R/H<00FF>>>", written);
        Assert.Equal(written, Parse(written).ToString());
    }

    [Fact]
    public void FromText_ChineseName_IsUtf16BigEndianWithByteOrderMark()
    {
        var text = PdfString.FromText("合同专用章");
        Assert.Equal(new byte[] { 0xFE, 0xFF, 0x54, 0x08 }, text.Bytes[..4].ToArray());
        Assert.Equal("合同专用章", text.ToText());
    }

    private static PdfObject Parse(string text)
    {
        var lexer = new PdfLexer(Encoding.Latin1.GetBytes(text), 0);
        return PdfObjectParser.Parse(ref lexer, 32);
    }
}
