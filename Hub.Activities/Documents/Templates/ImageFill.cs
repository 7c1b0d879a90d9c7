using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Blip = DocumentFormat.OpenXml.Drawing.Blip;

namespace Hub.Activities.Documents.Templates;

/// <summary>
/// <c>image:path</c>: the content control holds a placeholder picture (w:drawing with an a:blip, ECMA-376 Part 1
/// §20.1.8.13); its image is replaced by PNG or JPEG bytes from the data (a base64 string), keeping the placeholder's
/// size and position. The bytes are checked by their signature, never by a claimed type.
/// </summary>
internal static class ImageFill
{
    public static void Replace(OpenXmlPart part, OpenXmlElement content, TemplateBinding binding, JsonElement? value,
        DocumentLimits limits)
    {
        var blip = content.Descendants<Blip>().FirstOrDefault()
            ?? throw new TemplateRenderException(binding.Source,
                $"The image control '{binding.Source}' holds no placeholder picture to replace.");
        var bytes = Decode(binding, value, limits);
        var type = Sniff(bytes) ?? throw new TemplateRenderException(binding.Source,
            $"The image '{binding.Source}' is neither PNG nor JPEG.");
        var image = part switch
        {
            MainDocumentPart main => main.AddImagePart(type),
            HeaderPart header => header.AddImagePart(type),
            FooterPart footer => footer.AddImagePart(type),
            _ => throw new TemplateRenderException(binding.Source, $"The image '{binding.Source}' is in a part that cannot hold images."),
        };
        using (var stream = new MemoryStream(bytes, writable: false))
        {
            image.FeedData(stream);
        }

        blip.Embed = part.GetIdOfPart(image);
    }

    private static byte[] Decode(TemplateBinding binding, JsonElement? value, DocumentLimits limits)
    {
        if (value is not { ValueKind: JsonValueKind.String } text)
        {
            throw new TemplateRenderException(binding.Source, value is null
                ? $"The image '{binding.Source}' has no data: '{binding.Target}' is missing."
                : $"The image '{binding.Source}' needs base64 text at '{binding.Target}'.");
        }

        var base64 = text.GetString()!;
        // Checked before decoding so an enormous string is never turned into an even larger buffer.
        if (base64.Length / 4L * 3 > limits.MaxImageBytes)
        {
            throw new TemplateRenderException(binding.Source,
                $"The image '{binding.Source}' has more than {limits.MaxImageBytes} bytes.");
        }

        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new TemplateRenderException(binding.Source, $"The image '{binding.Source}' is not valid base64.");
        }
    }

    private static ImagePartType? Sniff(byte[] bytes) => bytes switch
    {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => ImagePartType.Png,
        [0xFF, 0xD8, 0xFF, ..] => ImagePartType.Jpeg,
        _ => null,
    };
}
