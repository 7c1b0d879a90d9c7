using System.Text.Json;
using Hub.Activities.Archive;

namespace Hub.Activities.Tests.Archive;

/// <summary>A fresh archive under a temporary directory with a file audit sink; the test reads the files back.</summary>
internal sealed class ArchiveFixture : IDisposable
{
    public const string Group = "/group/";
    public const string East = "/group/east/";
    public const string West = "/group/west/";

    public ArchiveFixture(int segmentSize = 4096)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("hub-archive-").FullName;
        Store = new FileSystemArchiveStore(Path.Combine(Directory, "archive"));
        AuditPath = Path.Combine(Directory, "archive-audit.jsonl");
        Options = new ArchiveOptions { SegmentSize = segmentSize };
        Archive = Create(Ring("k1", "k1"));
    }

    public string Directory { get; }

    public FileSystemArchiveStore Store { get; }

    public string AuditPath { get; }

    public ArchiveOptions Options { get; }

    public ManualTime Time { get; } = new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));

    public DocumentArchive Archive { get; }

    public static byte[] MasterKey { get; } = Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 3)).ToArray();

    public static ArchiveKeyRing Ring(string current, params string[] ids) =>
        new(current, ids.ToDictionary(id => id, id => ArchiveKeyRing.Derive(MasterKey, id)));

    public DocumentArchive Create(ArchiveKeyRing ring) => new(Store, ring, new FileArchiveAuditSink(AuditPath), Options, Time);

    public string DocumentFolder(string id) => Path.Combine(Directory, "archive", id[..2], id);

    public string SegmentPath(string id, int index) => Path.Combine(DocumentFolder(id), $"{index:D6}.seg");

    public string ManifestPath(string id) => Path.Combine(DocumentFolder(id), "manifest.json");

    public IReadOnlyList<JsonElement> AuditLines() => File.Exists(AuditPath)
        ? File.ReadAllLines(AuditPath).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList()
        : [];

    public static byte[] Content(int length, int seed = 1)
    {
        var content = new byte[length];
        new Random(seed).NextBytes(content);
        return content;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
