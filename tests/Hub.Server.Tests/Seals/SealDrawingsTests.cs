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
        var png = TestPng.Disc(40, 40);

        Assert.Null(SealDrawings.CheckUpload(png));
        var (content, type) = SealDrawings.Preview(Seal(SealType.Official) with { UploadedAppearance = png }, Holder).Value;
        Assert.Equal(("image/png", png), (type, content));
        Assert.NotNull(SealDrawings.ForSigning(Seal(SealType.Official) with { UploadedAppearance = png }, Holder).Value);
    }

    [Fact]
    public void CheckUpload_NotAPngTruncatedOrTooLarge_RefusedNamingTheDefect()
    {
        var png = TestPng.Disc(40, 40);

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
}
