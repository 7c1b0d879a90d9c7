using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Hub.Activities.Documents.Templates;

/// <summary>
/// <c>{{path|format}}</c> merge text in a paragraph. Word splits typed text into several runs (w:r) whenever editing,
/// spell-checking or formatting touches it (ECMA-376 Part 1 §17.3.2), so the markers are found in the paragraph's
/// concatenated text and the replacement is written into the run where the marker starts, keeping that run's format;
/// the marker's remains are removed from the following runs.
/// </summary>
internal static partial class MergeText
{
    [GeneratedRegex(@"\{\{([^{}]{1,500})\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();

    /// <summary>The merge-text bindings of a paragraph, in order.</summary>
    public static IEnumerable<TemplateBinding> Find(Paragraph paragraph)
    {
        var (_, text) = Collect(paragraph);
        foreach (Match match in Marker().Matches(text))
        {
            yield return TemplateBinding.FromMergeText(match.Groups[1].Value);
        }
    }

    /// <summary>Replaces every marker in <paramref name="paragraph"/> by <paramref name="produce"/>'s text.</summary>
    public static void Apply(Paragraph paragraph, Func<TemplateBinding, string> produce)
    {
        var (texts, joined) = Collect(paragraph);
        var matches = Marker().Matches(joined);
        if (matches.Count == 0)
        {
            return;
        }

        // Start offset of each w:t in the concatenated text.
        var starts = new int[texts.Count + 1];
        for (var i = 0; i < texts.Count; i++)
        {
            starts[i + 1] = starts[i] + texts[i].Text.Length;
        }

        // From the last marker backwards so earlier offsets stay valid.
        for (var m = matches.Count - 1; m >= 0; m--)
        {
            var match = matches[m];
            TemplateBinding binding;
            try
            {
                binding = TemplateBinding.FromMergeText(match.Groups[1].Value);
            }
            catch (FormatException e)
            {
                throw new TemplateRenderException(match.Value, e.Message);
            }

            var value = produce(binding);
            var first = Locate(starts, match.Index);
            var last = Locate(starts, match.Index + match.Length - 1);
            var firstText = texts[first].Text;
            var from = match.Index - starts[first];
            if (first == last)
            {
                SetText(texts[first], firstText[..from] + value + firstText[(from + match.Length)..]);
                continue;
            }

            SetText(texts[first], firstText[..from] + value);
            for (var i = first + 1; i < last; i++)
            {
                SetText(texts[i], string.Empty);
            }

            var lastText = texts[last].Text;
            SetText(texts[last], lastText[(match.Index + match.Length - starts[last])..]);
        }
    }

    internal static void SetText(Text text, string value)
    {
        text.Text = value;
        // Leading or trailing spaces vanish without xml:space="preserve" (§17.3.3.31).
        text.Space = SpaceProcessingModeValues.Preserve;
    }

    private static int Locate(int[] starts, int offset)
    {
        var i = Array.BinarySearch(starts, 0, starts.Length - 1, offset);
        if (i < 0)
        {
            return ~i - 1;
        }

        // Skip empty w:t elements that share a start offset with the next non-empty one.
        while (i + 1 < starts.Length - 1 && starts[i + 1] == offset)
        {
            i++;
        }

        return i;
    }

    private static (List<Text> Texts, string Joined) Collect(Paragraph paragraph)
    {
        // Only text of this paragraph: a text box inside it has paragraphs of its own.
        var texts = paragraph.Descendants<Text>()
            .Where(t => t.Ancestors<Paragraph>().FirstOrDefault() == paragraph)
            .ToList();
        var joined = new StringBuilder();
        foreach (var t in texts)
        {
            joined.Append(t.Text);
        }

        return (texts, joined.ToString());
    }
}
