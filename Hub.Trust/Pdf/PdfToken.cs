namespace Hub.Trust.Pdf;

/// <summary>One token: its kind, where it lies in the input, and its value when numeric.</summary>
internal readonly record struct PdfToken(PdfTokenKind Kind, int Start, int End, long Integer = 0, double Real = 0)
{
    public int Length => End - Start;
}
