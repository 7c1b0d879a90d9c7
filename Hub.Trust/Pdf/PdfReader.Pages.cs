namespace Hub.Trust.Pdf;

/// <summary>The page tree (ISO 32000-1 §7.7.3) with inherited attributes, and page contents on demand.</summary>
internal sealed partial class PdfReader
{
    private const int MaxPageTreeDepth = 256;

    private readonly List<PdfPage> _pages = [];

    /// <summary>The pages in document order.</summary>
    public IReadOnlyList<PdfPage> Pages => _pages;

    /// <summary>
    /// The page's content: its content streams decoded and joined with a newline (§7.8.2 allows splitting anywhere
    /// between tokens, so the join keeps tokens apart). Empty when the page has no /Contents.
    /// </summary>
    /// <exception cref="PdfFormatException">A content stream is missing, corrupt or uses an unsupported filter.</exception>
    public byte[] GetPageContents(PdfPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var contents = Resolve(page.Dictionary["Contents"]);
        var parts = contents switch
        {
            null => [],
            PdfStream single => [single],
            PdfArray many => many.Select(item => Resolve(item) as PdfStream
                ?? ThrowHelper.Format<PdfStream>($"Page {page.Index + 1} has a /Contents entry that is not a stream.")).ToList(),
            _ => ThrowHelper.Format<List<PdfStream>>($"Page {page.Index + 1} has /Contents that is neither a stream nor an array."),
        };
        using var joined = new MemoryStream();
        foreach (var part in parts)
        {
            if (joined.Length > 0)
            {
                joined.WriteByte((byte)'\n');
            }

            joined.Write(Decode(part, $"Content stream of page {page.Index + 1}"));
        }

        return joined.ToArray();
    }

    private void ReadPageTree()
    {
        if (Catalog["Pages"] is not PdfReference root)
        {
            ThrowHelper.Format("PDF catalog has no indirect /Pages entry (ISO 32000-1 §7.7.2).");
            return;
        }

        var visited = new HashSet<PdfReference>();
        ReadPageTreeNode(root, new Inherited(null, null, null, null), visited, 0);
    }

    private void ReadPageTreeNode(PdfReference reference, Inherited inherited, HashSet<PdfReference> visited, int depth)
    {
        if (!visited.Add(reference))
        {
            ThrowHelper.Format($"PDF page tree has a cycle: object {reference.ObjectNumber} {reference.Generation} R is reached twice.");
        }

        if (depth > MaxPageTreeDepth)
        {
            ThrowHelper.Format($"PDF page tree is deeper than {MaxPageTreeDepth} levels.");
        }

        if (GetObject(reference) is not PdfDictionary node)
        {
            ThrowHelper.Format($"PDF page tree node {reference.ObjectNumber} {reference.Generation} R is not a dictionary.");
            return;
        }

        // §7.7.3.4: Resources, MediaBox, CropBox and Rotate are inherited from the nearest ancestor that has them.
        var here = new Inherited(
            node["Resources"] ?? inherited.Resources,
            node["MediaBox"] ?? inherited.MediaBox,
            node["CropBox"] ?? inherited.CropBox,
            node["Rotate"] ?? inherited.Rotate);

        var type = node.GetName("Type");
        var kids = Resolve(node["Kids"]);
        if (type == "Pages" || (type != "Page" && kids is PdfArray))
        {
            if (kids is not PdfArray array)
            {
                ThrowHelper.Format($"PDF page tree node {reference.ObjectNumber} {reference.Generation} R has no /Kids array.");
                return;
            }

            foreach (var kid in array)
            {
                if (kid is not PdfReference kidReference)
                {
                    ThrowHelper.Format($"PDF page tree node {reference.ObjectNumber} {reference.Generation} R has a kid that is not an indirect reference (ISO 32000-1 §7.7.3.2).");
                    return;
                }

                ReadPageTreeNode(kidReference, here, visited, depth + 1);
            }

            return;
        }

        if (_pages.Count >= _options.MaxObjects)
        {
            ThrowHelper.Limit("MaxObjects", _pages.Count + 1, _options.MaxObjects);
        }

        var index = _pages.Count;
        _pages.Add(new PdfPage(
            index,
            reference,
            node,
            Rectangle(here.MediaBox, index, "MediaBox"),
            Rectangle(here.CropBox, index, "CropBox"),
            Rotation(here.Rotate, index),
            Resolve(here.Resources) as PdfDictionary));
    }

    private PdfRectangle? Rectangle(PdfObject? value, int index, string key)
    {
        if (value is null)
        {
            return null;
        }

        if (Resolve(value) is not PdfArray { Count: 4 } array)
        {
            return ThrowHelper.Format<PdfRectangle>($"Page {index + 1} has a /{key} that is not an array of four numbers.");
        }

        var numbers = new double[4];
        for (var i = 0; i < 4; i++)
        {
            numbers[i] = Resolve(array[i]) switch
            {
                PdfInteger integer => integer.Value,
                PdfReal real when double.IsFinite(real.Value) => real.Value,
                _ => ThrowHelper.Format<double>($"Page {index + 1} has a /{key} that is not an array of four numbers."),
            };
        }

        return PdfRectangle.Normalised(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    private int Rotation(PdfObject? value, int index)
    {
        if (value is null)
        {
            return 0;
        }

        // §7.7.3.3 Table 30: a multiple of 90; seal placement depends on it, so anything else is refused.
        return Resolve(value) is PdfInteger { Value: var degrees } && degrees % 90 == 0
            ? (int)(((degrees % 360) + 360) % 360)
            : ThrowHelper.Format<int>($"Page {index + 1} has a /Rotate that is not a multiple of 90.");
    }

    private sealed record Inherited(PdfObject? Resources, PdfObject? MediaBox, PdfObject? CropBox, PdfObject? Rotate);
}
