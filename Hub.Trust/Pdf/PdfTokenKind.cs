namespace Hub.Trust.Pdf;

/// <summary>Lexical token kinds of ISO 32000-1 §7.2–7.3.</summary>
internal enum PdfTokenKind
{
    EndOfInput,
    Integer,
    Real,
    Name,
    LiteralString,
    HexString,
    ArrayStart,
    ArrayEnd,
    DictionaryStart,
    DictionaryEnd,
    Keyword,
}
