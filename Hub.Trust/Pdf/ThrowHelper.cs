using System.Diagnostics.CodeAnalysis;

namespace Hub.Trust.Pdf;

/// <summary>Throw sites kept out of the tokenizer's and parser's hot methods.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Format(string message) => throw new PdfFormatException(message);

    [DoesNotReturn]
    public static T Format<T>(string message) => throw new PdfFormatException(message);

    [DoesNotReturn]
    public static void Syntax(string what, long offset) =>
        throw new PdfFormatException($"Malformed PDF syntax at byte {offset}: {what}.");

    [DoesNotReturn]
    public static T Syntax<T>(string what, long offset) =>
        throw new PdfFormatException($"Malformed PDF syntax at byte {offset}: {what}.");

    [DoesNotReturn]
    public static void Limit(string limit, long value, long max) =>
        throw new PdfFormatException($"PDF exceeds the reader limit {limit}: {value} > {max}.");
}
