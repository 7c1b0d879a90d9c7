using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using Dw = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using Pic = DocumentFormat.OpenXml.Drawing.Pictures;

namespace Hub.Activities.Tests.Documents;

/// <summary>Builds .docx templates from code, so the test templates and the shipped ones are reproducible: paragraphs,
/// content controls bound by tag, repeating rows, tables and placeholder pictures, in a CJK font on A4.</summary>
internal sealed class DocxBuilder
{
    public const string CjkFont = "Noto Serif CJK SC";

    // A 1×1 transparent PNG (PNG spec: signature, IHDR, IDAT, IEND), the placeholder for image controls.
    public static readonly byte[] PlaceholderPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private readonly List<OpenXmlElement> body = [];
    private readonly List<OpenXmlElement> header = [];
    private readonly List<(string Id, byte[] Png)> images = [];

    public DocxBuilder Add(params OpenXmlElement[] elements)
    {
        body.AddRange(elements);
        return this;
    }

    public DocxBuilder Header(params OpenXmlElement[] elements)
    {
        header.AddRange(elements);
        return this;
    }

    public static Paragraph P(params OpenXmlElement[] content) => new(content);

    public static Paragraph Heading(string text) => new(
        new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
        R(text, bold: true, halfPoints: 36));

    public static Run R(string text, bool bold = false, int halfPoints = 21)
    {
        var props = new RunProperties();
        if (bold)
        {
            props.Append(new Bold());
        }

        props.Append(new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return new Run(props, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    /// <summary>An inline content control bound by <paramref name="tag"/>, showing <paramref name="prompt"/> in the
    /// template.</summary>
    public static SdtRun Field(string tag, string prompt) => new(
        new SdtProperties(new Tag { Val = tag }, new SdtAlias { Val = tag }),
        new SdtContentRun(R(prompt)));

    public static SdtBlock Block(string tag, params OpenXmlElement[] content) => new(
        new SdtProperties(new Tag { Val = tag }, new SdtAlias { Val = tag }),
        new SdtContentBlock(content));

    public static SdtRow RepeatRow(string tag, TableRow row) => new(
        new SdtProperties(new Tag { Val = tag }, new SdtAlias { Val = tag }),
        new SdtContentRow(row));

    public static TableRow Row(params OpenXmlElement[] cells) => new(cells.Select(c => c switch
    {
        TableCell cell => cell,
        Paragraph p => new TableCell(p),
        _ => new TableCell(new Paragraph(c)),
    }));

    public static TableCell Cell(params OpenXmlElement[] content) => new(new Paragraph(content));

    public static Table Table(int[] widthsTwips, params OpenXmlElement[] rows)
    {
        var border = () => new BorderType[]
        {
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
            new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 },
        };
        var table = new Table(new TableProperties(
                new TableWidth { Type = TableWidthUnitValues.Dxa, Width = widthsTwips.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture) },
                new TableBorders(border())),
            new TableGrid(widthsTwips.Select(w => new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        table.Append(rows);
        return table;
    }

    /// <summary>A placeholder picture of the given size in millimetres, to sit inside an <c>image:</c> control.</summary>
    public Run Picture(double widthMm, double heightMm)
    {
        var id = "rIdImg" + (images.Count + 1);
        images.Add((id, PlaceholderPng));
        long cx = (long)(widthMm * 36000), cy = (long)(heightMm * 36000);
        var number = (uint)images.Count;
        return new Run(new Drawing(new Dw.Inline(
            new Dw.Extent { Cx = cx, Cy = cy },
            new Dw.DocProperties { Id = number, Name = "Picture " + number },
            new A.Graphic(new A.GraphicData(new Pic.Picture(
                    new Pic.NonVisualPictureProperties(
                        new Pic.NonVisualDrawingProperties { Id = number, Name = "image" + number + ".png" },
                        new Pic.NonVisualPictureDrawingProperties()),
                    new Pic.BlipFill(new A.Blip { Embed = id }, new A.Stretch(new A.FillRectangle())),
                    new Pic.ShapeProperties(
                        new A.Transform2D(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = cx, Cy = cy }),
                        new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
                { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        {
            DistanceFromTop = 0, DistanceFromBottom = 0, DistanceFromLeft = 0, DistanceFromRight = 0,
        }));
    }

    public byte[] Build()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            // Fixed relationship ids keep the generated package byte-for-byte reproducible.
            var main = document.AddNewPart<MainDocumentPart>(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "rIdMain");
            var styles = main.AddNewPart<StyleDefinitionsPart>("rIdStyles");
            styles.Styles = new Styles(new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = CjkFont, HighAnsi = CjkFont, EastAsia = CjkFont, ComplexScript = CjkFont },
                    new FontSize { Val = "21" }, new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { After = "80", Line = "300", LineRule = LineSpacingRuleValues.Auto }))));
            foreach (var (id, png) in images)
            {
                var part = main.AddImagePart(ImagePartType.Png, id);
                using var data = new MemoryStream(png);
                part.FeedData(data);
            }

            var content = new Body(body.Select(e => e.CloneNode(true)));
            var section = new SectionProperties();
            if (header.Count > 0)
            {
                var part = main.AddNewPart<HeaderPart>("rIdHeader1");
                part.Header = new Header(header.Select(e => e.CloneNode(true)));
                part.Header.Save();
                section.Append(new HeaderReference { Type = HeaderFooterValues.Default, Id = "rIdHeader1" });
            }

            // A4 portrait, 25 mm margins (sizes in twentieths of a point).
            content.Append(section);
            section.Append(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1418, Bottom = 1418, Left = 1418, Right = 1418, Header = 851, Footer = 851, Gutter = 0 });
            main.Document = new Document(content);
            main.Document.Save();
        }

        return stream.ToArray();
    }
}
