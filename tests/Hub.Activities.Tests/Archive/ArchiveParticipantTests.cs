using System.Security.Cryptography.X509Certificates;
using Hub.Activities.Archive;
using Hub.Activities.Tests.Documents;
using Hub.Trust.Keys;
using Hub.Trust.Pki;
using Xunit.Abstractions;

namespace Hub.Activities.Tests.Archive;

/// <summary>Participants named at store time get the document key as CMS EnvelopedData under their certificate from
/// the Hub CA; they open the document, or an export of it, with their own key, checked independently by openssl.</summary>
public sealed class ArchiveParticipantTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ArchiveFixture fixture = new(segmentSize: 4096);
    private HubCa ca = null!;
    private X509Certificate2 participant = null!;

    public async Task InitializeAsync()
    {
        ca = await HubCa.CreateAsync();
        participant = await ca.IssueAsync("CN=刘思远, O=苏州恒远办公设备有限公司, C=CN", CertificateKind.Person);
    }

    public Task DisposeAsync()
    {
        participant.Dispose();
        ca.Dispose();
        fixture.Dispose();
        return Task.CompletedTask;
    }

    private Task<ArchivedDocument> StoreAsync(byte[] content, params X509Certificate2[] participants) =>
        fixture.Archive.StoreAsync(content, new ArchiveStoreRequest
        {
            OwnerPath = ArchiveFixture.East,
            CallerPath = ArchiveFixture.East,
            Participants = [.. participants.Select(p => X509CertificateLoader.LoadCertificate(p.RawData))],
        }, CancellationToken.None);

    [Fact]
    public async Task ReadAsParticipant_OwnPrivateKey_ReturnsTheDocument()
    {
        var content = ArchiveFixture.Content(10_000);
        var stored = await StoreAsync(content, participant);

        var read = await fixture.Archive.ReadAsParticipantAsync(stored.DocumentId, ArchiveFixture.East, participant, CancellationToken.None);

        Assert.Equal(content, read);
        Assert.Equal([Convert.ToHexStringLower(participant.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256))], stored.ParticipantThumbprints);
    }

    [Fact]
    public async Task ExportForParticipant_OpensslCmsDecrypt_ReturnsTheExactBytes()
    {
        if (!ExternalTool.Available("openssl", output))
        {
            return;
        }

        var content = ArchiveFixture.Content(9_999, seed: 4);
        var stored = await StoreAsync(content, participant);
        var (certificate, key) = ca.WritePem(participant, "participant");
        var exported = Path.Combine(ca.Directory, "export.p7m");
        var decrypted = Path.Combine(ca.Directory, "export.bin");

        await File.WriteAllBytesAsync(exported, await fixture.Archive.ExportForParticipantAsync(stored.DocumentId, ArchiveFixture.East, participant, CancellationToken.None));
        await ExternalTool.RunCheckedAsync("openssl", "cms", "-decrypt", "-inform", "DER", "-in", exported, "-recip", certificate, "-inkey", key, "-binary", "-out", decrypted);

        Assert.Equal(content, File.ReadAllBytes(decrypted));
        Assert.Equal("Exported", fixture.AuditLines()[^1].GetProperty("action").GetString());
    }

    [Fact]
    public async Task StoredEnvelope_OpensslCmsDecrypt_YieldsTheKeyThatOpensTheSegments()
    {
        if (!ExternalTool.Available("openssl", output))
        {
            return;
        }

        var content = ArchiveFixture.Content(5_000, seed: 5);
        var stored = await StoreAsync(content, participant);
        var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(fixture.ManifestPath(stored.DocumentId))).RootElement;
        var envelope = manifest.GetProperty("body").GetProperty("participants")[0].GetProperty("envelope").GetBytesFromBase64();
        var (certificate, key) = ca.WritePem(participant, "participant");
        var envelopePath = Path.Combine(ca.Directory, "key.p7m");
        var keyPath = Path.Combine(ca.Directory, "document.key");
        await File.WriteAllBytesAsync(envelopePath, envelope);

        await ExternalTool.RunCheckedAsync("openssl", "cms", "-decrypt", "-inform", "DER", "-in", envelopePath, "-recip", certificate, "-inkey", key, "-binary", "-out", keyPath);
        var documentKey = File.ReadAllBytes(keyPath);
        var first = File.ReadAllBytes(fixture.SegmentPath(stored.DocumentId, 0));
        var plaintext = new byte[first.Length - SegmentCipher.TagSize];

        Assert.Equal(32, documentKey.Length);
        Assert.True(SegmentCipher.TryOpen(documentKey, stored.DocumentId, 0, 2, first, plaintext));
        Assert.Equal(content[..4096], plaintext);
    }

    [Fact]
    public async Task ExportForParticipant_CertificateNotNamedAtStore_Refused()
    {
        using var stranger = await ca.IssueAsync("CN=王五, C=CN", CertificateKind.Person);
        var stored = await StoreAsync(ArchiveFixture.Content(100), participant);

        var refusal = await Assert.ThrowsAsync<ArchiveKeyException>(
            () => fixture.Archive.ExportForParticipantAsync(stored.DocumentId, ArchiveFixture.East, stranger, CancellationToken.None));

        Assert.Equal($"'{stranger.Subject}' is not a participant of document {stored.DocumentId[..12]}…; exports go only to participants named when it was stored.", refusal.Message);
    }

    [Fact]
    public async Task Store_ParticipantWithEcKey_RefusedNamingTheKeyType()
    {
        using var ec = await ca.IssueAsync("CN=EC Seal, O=Hub Test Group, C=CN", CertificateKind.Organisation, KeyAlgorithm.EcdsaP256);

        var refusal = await Assert.ThrowsAsync<ArchiveKeyException>(() => StoreAsync(ArchiveFixture.Content(100), ec));

        Assert.Equal($"Participant certificate '{ec.Subject}' has a ECC key; CMS key transport needs RSA.", refusal.Message);
    }
}
