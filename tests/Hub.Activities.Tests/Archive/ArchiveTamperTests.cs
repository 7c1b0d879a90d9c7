using System.Text;
using Hub.Activities.Archive;

namespace Hub.Activities.Tests.Archive;

/// <summary>A three-segment document altered on disk in each way an attacker or a failing disk could; every read must
/// fail with an integrity error naming the segment, never return altered bytes.</summary>
public sealed class ArchiveTamperTests : IDisposable
{
    private const int Segments = 3;
    private readonly ArchiveFixture fixture = new(segmentSize: 4096);
    private readonly string id;

    public ArchiveTamperTests()
    {
        id = fixture.Archive.StoreAsync(ArchiveFixture.Content(2 * 4096 + 1000), new ArchiveStoreRequest
        {
            OwnerPath = ArchiveFixture.East,
            CallerPath = ArchiveFixture.East,
        }, CancellationToken.None).GetAwaiter().GetResult().DocumentId;
    }

    private string Short => id[..12] + "…";

    private Task<T> Refused<T>()
        where T : Exception => Assert.ThrowsAsync<T>(() => fixture.Archive.ReadAsync(id, ArchiveFixture.East, CancellationToken.None));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 100)]
    [InlineData(2, 999)]
    [InlineData(2, 1015)]
    public async Task Read_ByteFlippedInSegment_IntegrityErrorNamesIt(int segment, int offset)
    {
        var path = fixture.SegmentPath(id, segment);
        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var error = await Refused<ArchiveIntegrityException>();

        Assert.Equal($"Segment {segment + 1} of 3 of document {Short} fails authentication: it was altered, truncated, swapped with another segment or taken from another document.", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Read_SegmentDropped_IntegrityErrorSaysMissing(int segment)
    {
        File.Delete(fixture.SegmentPath(id, segment));

        var error = await Refused<ArchiveIntegrityException>();

        Assert.Equal($"Segment {segment + 1} of 3 of document {Short} is missing.", error.Message);
    }

    [Fact]
    public async Task Read_TwoFullSegmentsSwapped_FirstFailsAuthentication()
    {
        var first = File.ReadAllBytes(fixture.SegmentPath(id, 0));
        File.Copy(fixture.SegmentPath(id, 1), fixture.SegmentPath(id, 0), overwrite: true);
        File.WriteAllBytes(fixture.SegmentPath(id, 1), first);

        var error = await Refused<ArchiveIntegrityException>();

        Assert.StartsWith($"Segment 1 of 3 of document {Short} fails authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_LastSegmentTruncated_FailsAuthentication()
    {
        var path = fixture.SegmentPath(id, 2);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..500]);

        var error = await Refused<ArchiveIntegrityException>();

        Assert.StartsWith($"Segment 3 of 3 of document {Short} fails authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_SegmentAppended_IntegrityErrorSaysAppended()
    {
        File.Copy(fixture.SegmentPath(id, 2), fixture.SegmentPath(id, 3));

        var error = await Refused<ArchiveIntegrityException>();

        Assert.Equal($"Document {Short} has segment 3 beyond its 3 segment(s): a segment was appended.", error.Message);
    }

    [Fact]
    public async Task Read_ManifestSegmentCountLowered_ManifestFailsAuthentication()
    {
        // Dropping the last segment and lowering the count to match would pass a count check; the count is
        // authenticated by the key wrap and by every segment's associated data.
        File.Delete(fixture.SegmentPath(id, 2));
        EditManifest(m => m.Replace("\"segmentCount\":3", "\"segmentCount\":2", StringComparison.Ordinal));

        var error = await Refused<ArchiveIntegrityException>();

        Assert.Equal($"The manifest of document {Short} fails authentication under archive key 'k1': it was altered.", error.Message);
    }

    [Fact]
    public async Task Read_ManifestOwnerMovedToCaller_ManifestFailsAuthentication()
    {
        EditManifest(m => m.Replace(ArchiveFixture.East, ArchiveFixture.West, StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<ArchiveIntegrityException>(() => fixture.Archive.ReadAsync(id, ArchiveFixture.West, CancellationToken.None));

        Assert.Equal($"The manifest of document {Short} fails authentication under archive key 'k1': it was altered.", error.Message);
    }

    [Fact]
    public async Task Read_ManifestNamesUnknownKeyId_KeyError()
    {
        EditManifest(m => m.Replace("\"keyId\":\"k1\"", "\"keyId\":\"k9\"", StringComparison.Ordinal));

        var error = await Refused<ArchiveKeyException>();

        Assert.Equal($"Document {Short} is wrapped under archive key 'k9', which this Hub does not hold (current key 'k1').", error.Message);
    }

    [Fact]
    public async Task Read_SegmentFromAnotherDocument_FailsAuthentication()
    {
        var other = await fixture.Archive.StoreAsync(ArchiveFixture.Content(2 * 4096 + 1000, seed: 2), new ArchiveStoreRequest
        {
            OwnerPath = ArchiveFixture.East,
            CallerPath = ArchiveFixture.East,
        }, CancellationToken.None);
        File.Copy(fixture.SegmentPath(other.DocumentId, 1), fixture.SegmentPath(id, 1), overwrite: true);

        var error = await Refused<ArchiveIntegrityException>();

        Assert.StartsWith($"Segment 2 of 3 of document {Short} fails authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_ManifestNotJson_Unreadable()
    {
        File.WriteAllText(fixture.ManifestPath(id), "{\"key\":");

        var error = await Refused<ArchiveIntegrityException>();

        Assert.StartsWith($"The manifest of document {Short} is unreadable (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_AfterTampering_RefusalIsAudited()
    {
        File.Delete(fixture.SegmentPath(id, 1));

        var error = await Refused<ArchiveIntegrityException>();

        var last = fixture.AuditLines()[^1];
        Assert.Equal("Refused", last.GetProperty("action").GetString());
        Assert.Equal(error.Message, last.GetProperty("detail").GetString());
    }

    private void EditManifest(Func<string, string> edit)
    {
        var path = fixture.ManifestPath(id);
        var before = File.ReadAllText(path, Encoding.UTF8);
        var after = edit(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after, new UTF8Encoding(false));
    }

    public void Dispose() => fixture.Dispose();
}
