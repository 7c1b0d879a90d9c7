using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Hub.Activities.Archive;

namespace Hub.Activities.Tests.Archive;

/// <summary>Round trips, organisation scope, retention and legal hold, key rotation, and the audit trail.</summary>
public sealed class DocumentArchiveTests : IDisposable
{
    private readonly ArchiveFixture fixture = new(segmentSize: 4096);

    private ArchiveStoreRequest Request(string owner = ArchiveFixture.East, string? caller = null, DateTimeOffset? retainUntil = null) =>
        new() { OwnerPath = owner, CallerPath = caller ?? owner, RetainUntil = retainUntil };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(3 * 4096 + 17)]
    public async Task StoreThenRead_SizesAroundTheSegmentSize_ReturnsTheSameBytes(int length)
    {
        var content = ArchiveFixture.Content(length);

        var stored = await fixture.Archive.StoreAsync(content, Request(), CancellationToken.None);
        var read = await fixture.Archive.ReadAsync(stored.DocumentId, ArchiveFixture.East, CancellationToken.None);

        Assert.Equal(content, read);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), stored.DocumentId);
        Assert.Equal(Math.Max(1, (length + 4095) / 4096), stored.SegmentCount);
        Assert.Equal(stored.SegmentCount, Directory.GetFiles(fixture.DocumentFolder(stored.DocumentId), "*.seg").Length);
    }

    [Fact]
    public async Task StoreThenRead_TenMegabytesInOneMebibyteSegments_ReturnsTheSameBytes()
    {
        using var large = new ArchiveFixture(segmentSize: 1024 * 1024);
        var content = ArchiveFixture.Content(10 * 1000 * 1000, seed: 9);

        var stored = await large.Archive.StoreAsync(content, Request(), CancellationToken.None);
        var read = await large.Archive.ReadAsync(stored.DocumentId, ArchiveFixture.Group, CancellationToken.None);

        Assert.Equal(10, stored.SegmentCount);
        Assert.True(content.AsSpan().SequenceEqual(read));
    }

    [Fact]
    public async Task Store_SegmentsAndManifest_AreOwnerOnlyCiphertext()
    {
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("采购合同 CONTRACT-PLAINTEXT ", 400)));

        var stored = await fixture.Archive.StoreAsync(content, Request(), CancellationToken.None);

        foreach (var file in Directory.GetFiles(fixture.DocumentFolder(stored.DocumentId)))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, Mode(file));
            Assert.DoesNotContain("CONTRACT-PLAINTEXT", Encoding.Latin1.GetString(File.ReadAllBytes(file)), StringComparison.Ordinal);
        }

        Assert.Empty(Directory.GetFiles(fixture.DocumentFolder(stored.DocumentId), ".*.tmp"));
    }

    [Fact]
    public async Task Store_SameContentTwice_KeepsTheFirstRecord()
    {
        var content = ArchiveFixture.Content(5000);
        var first = await fixture.Archive.StoreAsync(content, Request(), CancellationToken.None);
        var manifest = File.ReadAllBytes(fixture.ManifestPath(first.DocumentId));
        fixture.Time.Advance(TimeSpan.FromDays(1));

        var second = await fixture.Archive.StoreAsync(content, Request(), CancellationToken.None);

        Assert.Equal(first.StoredAt, second.StoredAt);
        Assert.Equal(manifest, File.ReadAllBytes(fixture.ManifestPath(first.DocumentId)));
    }

    [Fact]
    public async Task Read_CallerOutsideOwnersSubtree_RefusedAndAudited()
    {
        var stored = await fixture.Archive.StoreAsync(ArchiveFixture.Content(100), Request(), CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<ArchiveAccessDeniedException>(
            () => fixture.Archive.ReadAsync(stored.DocumentId, ArchiveFixture.West, CancellationToken.None));

        Assert.Equal($"Organisation /group/west/ may not open document {stored.DocumentId[..12]}…: it belongs to an organisation outside the caller's subtree.", refusal.Message);
        var last = fixture.AuditLines()[^1];
        Assert.Equal("Refused", last.GetProperty("action").GetString());
        Assert.Equal("/group/west/", last.GetProperty("callerPath").GetString());
        Assert.Equal(refusal.Message, last.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Read_ParentOrganisation_Allowed()
    {
        var content = ArchiveFixture.Content(100);
        var stored = await fixture.Archive.StoreAsync(content, Request(), CancellationToken.None);

        Assert.Equal(content, await fixture.Archive.ReadAsync(stored.DocumentId, ArchiveFixture.Group, CancellationToken.None));
    }

    [Fact]
    public async Task Store_ForOrganisationOutsideCaller_Refused()
    {
        var refusal = await Assert.ThrowsAsync<ArchiveAccessDeniedException>(() =>
            fixture.Archive.StoreAsync(ArchiveFixture.Content(10), Request(ArchiveFixture.West, ArchiveFixture.East), CancellationToken.None));

        Assert.Equal("Organisation /group/east/ may not archive a document for /group/west/: the owner is outside the caller's subtree.", refusal.Message);
    }

    [Fact]
    public async Task Read_UnknownDocument_NotFound()
    {
        var id = new string('a', 64);

        var refusal = await Assert.ThrowsAsync<ArchiveDocumentNotFoundException>(() => fixture.Archive.ReadAsync(id, ArchiveFixture.East, CancellationToken.None));

        Assert.Equal("No document aaaaaaaaaaaa… is archived.", refusal.Message);
    }

    [Fact]
    public async Task Read_PathTraversalAsId_RefusedBeforeTouchingTheStore()
    {
        var refusal = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Archive.ReadAsync("../../etc/passwd", ArchiveFixture.East, CancellationToken.None));

        Assert.StartsWith("'../../etc/passwd' is not a document id", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_BeforeRetentionEnds_RefusedWithTheDate()
    {
        var stored = await fixture.Archive.StoreAsync(ArchiveFixture.Content(10), Request(retainUntil: fixture.Time.GetUtcNow().AddDays(30)), CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<ArchiveDeletionRefusedException>(
            () => fixture.Archive.DeleteAsync(stored.DocumentId, ArchiveFixture.East, CancellationToken.None));

        Assert.Equal($"Document {stored.DocumentId[..12]}… is retained until 2026-12-20 08:00:00Z; deletion refused.", refusal.Message);
        Assert.True(File.Exists(fixture.ManifestPath(stored.DocumentId)));
    }

    [Fact]
    public async Task Delete_UnderLegalHoldAfterRetention_RefusedUntilReleased()
    {
        var content = ArchiveFixture.Content(10);
        var stored = await fixture.Archive.StoreAsync(content, Request(retainUntil: fixture.Time.GetUtcNow().AddDays(1)), CancellationToken.None);
        var held = await fixture.Archive.PlaceLegalHoldAsync(stored.DocumentId, ArchiveFixture.Group, "case (2026) 沪0115民初 123", CancellationToken.None);
        fixture.Time.Advance(TimeSpan.FromDays(2));

        var refusal = await Assert.ThrowsAsync<ArchiveDeletionRefusedException>(
            () => fixture.Archive.DeleteAsync(stored.DocumentId, ArchiveFixture.East, CancellationToken.None));
        var released = await fixture.Archive.ReleaseLegalHoldAsync(stored.DocumentId, ArchiveFixture.Group, CancellationToken.None);
        await fixture.Archive.DeleteAsync(stored.DocumentId, ArchiveFixture.East, CancellationToken.None);

        Assert.Equal("case (2026) 沪0115民初 123", held.LegalHoldReason);
        Assert.Equal($"Document {stored.DocumentId[..12]}… is under legal hold since 2026-11-20 08:00:00Z (case (2026) 沪0115民初 123); deletion refused.", refusal.Message);
        Assert.Null(released.LegalHoldReason);
        Assert.False(Directory.Exists(fixture.DocumentFolder(stored.DocumentId)));
        await Assert.ThrowsAsync<ArchiveDocumentNotFoundException>(() => fixture.Archive.ReadAsync(stored.DocumentId, ArchiveFixture.East, CancellationToken.None));
        Assert.Equal(["Stored", "HoldPlaced", "Refused", "HoldReleased", "Deleted", "Refused"],
            fixture.AuditLines().Select(l => l.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task PlaceLegalHold_Twice_Throws()
    {
        var stored = await fixture.Archive.StoreAsync(ArchiveFixture.Content(10), Request(), CancellationToken.None);
        await fixture.Archive.PlaceLegalHoldAsync(stored.DocumentId, ArchiveFixture.East, "audit 2026-17", CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => fixture.Archive.PlaceLegalHoldAsync(stored.DocumentId, ArchiveFixture.East, "again", CancellationToken.None));

        Assert.Equal($"Document {stored.DocumentId[..12]}… is under legal hold already since 2026-11-20 08:00:00Z (audit 2026-17).", error.Message);
    }

    [Fact]
    public async Task Rotation_OldDocumentsReadableBeforeAndAfterRewrap()
    {
        var content = ArchiveFixture.Content(9000);
        var stored = await fixture.Archive.StoreAsync(content, Request(), CancellationToken.None);
        var segmentsBefore = Directory.GetFiles(fixture.DocumentFolder(stored.DocumentId), "*.seg").Select(File.ReadAllBytes).ToList();
        var rotated = fixture.Create(ArchiveFixture.Ring("k2", "k1", "k2"));

        var beforeRewrap = await rotated.ReadAsync(stored.DocumentId, ArchiveFixture.East, CancellationToken.None);
        var rewrapped = await rotated.RewrapAsync(CancellationToken.None);
        var again = await rotated.RewrapAsync(CancellationToken.None);
        var onlyNewKey = fixture.Create(ArchiveFixture.Ring("k2", "k2"));
        var afterRewrap = await onlyNewKey.ReadAsync(stored.DocumentId, ArchiveFixture.East, CancellationToken.None);
        var description = await onlyNewKey.DescribeAsync(stored.DocumentId, ArchiveFixture.East, CancellationToken.None);
        var onlyOldKey = fixture.Create(ArchiveFixture.Ring("k1", "k1"));
        var refusal = await Assert.ThrowsAsync<ArchiveKeyException>(() => onlyOldKey.ReadAsync(stored.DocumentId, ArchiveFixture.East, CancellationToken.None));

        Assert.Equal("k1", stored.ArchiveKeyId);
        Assert.Equal(content, beforeRewrap);
        Assert.Equal(1, rewrapped);
        Assert.Equal(0, again);
        Assert.Equal(content, afterRewrap);
        Assert.Equal("k2", description.ArchiveKeyId);
        Assert.Equal(segmentsBefore, Directory.GetFiles(fixture.DocumentFolder(stored.DocumentId), "*.seg").Select(File.ReadAllBytes).ToList());
        Assert.Equal($"Document {stored.DocumentId[..12]}… is wrapped under archive key 'k2', which this Hub does not hold (current key 'k1').", refusal.Message);
    }

    [Fact]
    public void KeyRing_CurrentKeyMissing_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ArchiveFixture.Ring("k3", "k1"));

        Assert.StartsWith("The current archive key 'k3' is not among the keys given.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Derive_DifferentIds_GiveIndependentKeys()
    {
        var k1 = ArchiveKeyRing.Derive(ArchiveFixture.MasterKey, "k1");

        Assert.Equal(k1, ArchiveKeyRing.Derive(ArchiveFixture.MasterKey, "k1"));
        Assert.NotEqual(k1, ArchiveKeyRing.Derive(ArchiveFixture.MasterKey, "k2"));
        Assert.Equal(32, k1.Length);
    }

    [Fact]
    public async Task FileAuditSink_EveryStoreAndRead_OneJsonLineEach()
    {
        var stored = await fixture.Archive.StoreAsync(ArchiveFixture.Content(5000), Request(), CancellationToken.None);
        await fixture.Archive.ReadAsync(stored.DocumentId, ArchiveFixture.Group, CancellationToken.None);

        var lines = fixture.AuditLines();

        Assert.Equal(2, lines.Count);
        Assert.Equal("Stored", lines[0].GetProperty("action").GetString());
        Assert.Equal("5000 bytes in 2 segment(s) under archive key 'k1'", lines[0].GetProperty("detail").GetString());
        Assert.Equal("Read", lines[1].GetProperty("action").GetString());
        Assert.Equal(ArchiveFixture.Group, lines[1].GetProperty("callerPath").GetString());
        Assert.All(lines, l => Assert.Equal(stored.DocumentId, l.GetProperty("documentId").GetString()));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, Mode(fixture.AuditPath));
    }

    public void Dispose() => fixture.Dispose();

    private static UnixFileMode Mode(string path) =>
        OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException("POSIX modes only") : File.GetUnixFileMode(path);
}
