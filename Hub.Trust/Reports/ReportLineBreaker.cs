using System.Text;

namespace Hub.Trust.Reports;

/// <summary>
/// Breaks text into lines that fit a width. Chinese breaks between any two characters; a run of Latin letters and
/// digits breaks at its last space when it has one (a long hash or identifier with none breaks where it must); closing
/// punctuation never starts a line (it takes the character before it along), following the common rule of Chinese
/// typesetting (标点不居行首). Control characters are dropped, tabs become spaces, a line feed ends a line.
/// </summary>
internal sealed class ReportLineBreaker(ReportFont font)
{
    private const string Closing = "，。、；：？！）》」』】〕〉…,.;:?!)]}%";

    /// <summary>The lines of <paramref name="text"/> at <paramref name="size"/> within <paramref name="width"/>; an
    /// empty paragraph gives an empty line, so blank lines the text asks for are kept.</summary>
    public List<ReportLine> Break(string text, double size, double width)
    {
        var lines = new List<ReportLine>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            BreakParagraph(paragraph, size, width, lines);
        }

        return lines;
    }

    private void BreakParagraph(string paragraph, double size, double width, List<ReportLine> lines)
    {
        var line = new List<Piece>();
        foreach (var rune in paragraph.EnumerateRunes())
        {
            var value = rune.Value == '\t' ? ' ' : rune.Value;
            if (Rune.IsControl(new Rune(value)) || value == 0xFEFF)
            {
                continue;
            }

            var code = font.Code(value);
            var piece = new Piece(code, font.Width(code, size), value);
            if (line.Count > 0 && Width(line) + piece.Width > width)
            {
                if (value == ' ')
                {
                    // A space at the end of a full line is the break itself.
                    lines.Add(Line(line));
                    line = [];
                    continue;
                }

                var carried = Carry(line, piece);
                lines.Add(Line(line));
                line = carried;
            }

            line.Add(piece);
        }

        lines.Add(Line(line));
    }

    /// <summary>Takes off the end of a full <paramref name="line"/> what must move to the next one with <paramref name="next"/>.</summary>
    private static List<Piece> Carry(List<Piece> line, Piece next)
    {
        if (IsWordCharacter(next.CodePoint))
        {
            var space = line.FindLastIndex(p => p.CodePoint == ' ');
            if (space > 0 && line.Skip(space + 1).All(p => IsWordCharacter(p.CodePoint)))
            {
                var word = line.GetRange(space + 1, line.Count - space - 1);
                line.RemoveRange(space, line.Count - space);
                return word;
            }
        }

        if (next.CodePoint <= char.MaxValue && Closing.Contains((char)next.CodePoint, StringComparison.Ordinal) && line.Count > 1)
        {
            var last = line[^1];
            line.RemoveAt(line.Count - 1);
            return [last];
        }

        return [];
    }

    /// <summary>Latin letters, digits and ASCII punctuation: what a date, an identifier or an English word is made of.</summary>
    private static bool IsWordCharacter(int codePoint) => codePoint is > ' ' and < 0x7F || (codePoint is >= 0xC0 and < 0x250 && char.IsLetter((char)codePoint));

    private static double Width(List<Piece> line) => line.Sum(p => p.Width);

    private static ReportLine Line(List<Piece> line) => new(line.Select(p => p.Code).ToArray(), Width(line));

    private readonly record struct Piece(int Code, double Width, int CodePoint);
}

/// <summary>One laid-out line: its character codes (<see cref="ReportFont.Code"/>) and their total advance in points.</summary>
internal sealed record ReportLine(IReadOnlyList<int> Codes, double Width);
