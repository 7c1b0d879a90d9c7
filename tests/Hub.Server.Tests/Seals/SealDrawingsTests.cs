using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Hub.Activities.Seals;
using Hub.Server.Seals;
using Hub.Trust.Appearances;

namespace Hub.Server.Tests.Seals;

/// <summary>Each seal type is drawn as the trust layer's kind of it from the holder's data, or the holder's uploaded PNG
/// is used; an upload that is not a usable PNG is refused before anything is stored.</summary>
public sealed class SealDrawingsTests
{
    private static readonly SealHolder Holder = new("华东贸易有限公司", "91310000MA0000002X", "李华", null);

    [Theory]
    [InlineData(SealType.Official, SealKind.Official)]
    [InlineData(SealType.Contract, SealKind.Contract)]
    [InlineData(SealType.Finance, SealKind.Finance)]
    [InlineData(SealType.Invoice, SealKind.Invoice)]
    [InlineData(SealType.LegalRepresentative, SealKind.LegalRepresentative)]
    [InlineData(SealType.Personal, SealKind.LegalRepresentative)]
    public void KindOf_EveryType_TheTrustLayersKind(SealType type, SealKind kind) => Assert.Equal(kind, SealDrawings.KindOf(type));

    [Fact]
    public void Describe_InvoiceAndLegalRepresentative_CarryTaxpayerNumberAndRepresentativesName()
    {
        var invoice = SealDrawings.Describe(Seal(SealType.Invoice), Holder).Value!;
        var representative = SealDrawings.Describe(Seal(SealType.LegalRepresentative), Holder).Value!;

        Assert.Equal((SealKind.Invoice, "91310000MA0000002X", "华东贸易有限公司"), (invoice.Kind, invoice.TaxpayerNumber, invoice.OrganisationName));
        Assert.Equal((SealKind.LegalRepresentative, "李华"), (representative.Kind, representative.SealName));
        var nameless = SealDrawings.Describe(Seal(SealType.LegalRepresentative), Holder with { LegalRepresentative = null });
        Assert.Equal("appearance-not-drawable", nameless.Refusal!.Code);
    }

    [Fact]
    public void Preview_GeneratedOfficialSeal_IsTheTrustLayersSvg()
    {
        var (content, type) = SealDrawings.Preview(Seal(SealType.Official), Holder).Value;

        Assert.Equal("image/svg+xml", type);
        Assert.Equal(SealAppearances.RenderSvg(new SealDescription(SealKind.Official, "华东贸易有限公司")), Encoding.UTF8.GetString(content));
    }

    [Fact]
    public void CheckUpload_RealPngAccepted_PreviewServesItAsIs()
    {
        var png = Png(40, 40);

        Assert.Null(SealDrawings.CheckUpload(png));
        var (content, type) = SealDrawings.Preview(Seal(SealType.Official) with { UploadedAppearance = png }, Holder).Value;
        Assert.Equal(("image/png", png), (type, content));
        Assert.NotNull(SealDrawings.ForSigning(Seal(SealType.Official) with { UploadedAppearance = png }, Holder).Value);
    }

    [Fact]
    public void CheckUpload_NotAPngTruncatedOrTooLarge_RefusedNamingTheDefect()
    {
        var png = Png(40, 40);

        Assert.Equal("appearance-not-png", SealDrawings.CheckUpload("GIF89a-not-a-png"u8)!.Code);
        Assert.Equal("appearance-not-png", SealDrawings.CheckUpload(png.AsSpan(0, png.Length - 20))!.Code);
        Assert.Equal("appearance-size", SealDrawings.CheckUpload(new byte[SealDrawings.MaxUploadBytes + 1])!.Code);
        Assert.Equal("appearance-size", SealDrawings.CheckUpload([])!.Code);
    }

    private static Seal Seal(SealType type) => new()
    {
        Id = Guid.NewGuid(), OrganisationId = Guid.NewGuid(), OrganisationPath = "/g/east/", OrganisationName = Holder.OrganisationName, Type = type,
        Medium = SealMedium.Electronic, Name = "华东贸易有限公司 " + type.Chinese(), RegisteredAt = DateTimeOffset.UtcNow,
    };

    /// <summary>A red-disc RGBA PNG written by hand (signature, IHDR, one zlib IDAT, IEND; ISO/IEC 15948 §5).</summary>
    private static byte[] Png(int width, int height)
    {
        var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            for (var x = 0; x < width; x++)
            {
                var inside = (x - width / 2) * (x - width / 2) + (y - height / 2) * (y - height / 2) < width * width / 4;
                raw.Write([0xE0, 0x10, 0x10, (byte)(inside ? 0xFF : 0x00)]);
            }
        }

        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            raw.Position = 0;
            raw.CopyTo(zlib);
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 6;
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typed));
        png.Write(length);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
