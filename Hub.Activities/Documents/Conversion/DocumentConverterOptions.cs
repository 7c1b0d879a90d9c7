namespace Hub.Activities.Documents.Conversion;

/// <summary>The LibreOffice converter pool (configuration section <c>Documents:Converter</c>).</summary>
public sealed class DocumentConverterOptions
{
    /// <summary>The LibreOffice binary started directly, so its memory can be read and its process killed.
    /// Unset: /usr/lib/libreoffice/program/soffice.bin (Debian's libreoffice-writer-nogui).</summary>
    public string SofficePath { get; init; } = "/usr/lib/libreoffice/program/soffice.bin";

    /// <summary>The Python that has LibreOffice's <c>uno</c> module. Unset: /usr/bin/python3 (Debian's python3-uno).</summary>
    public string PythonPath { get; init; } = "/usr/bin/python3";

    /// <summary>Warm LibreOffice processes, each with its own profile. Unset: the number of cores, at most 4.</summary>
    public int Workers { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Conversions that may wait for a worker; one more is refused at once. Unset: 64.</summary>
    public int QueueCapacity { get; init; } = 64;

    /// <summary>Longest one conversion may take before its process group is killed. Unset: 60 s.</summary>
    public TimeSpan ConversionTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest a process may take to start and accept the bridge. Unset: 60 s.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Documents one process converts before it is replaced. Unset: 500.</summary>
    public int MaxDocumentsPerProcess { get; init; } = 500;

    /// <summary>Resident memory in bytes above which a process is replaced after its current document.
    /// Unset: 500 MB.</summary>
    public long MaxProcessMemoryBytes { get; init; } = 500L * 1000 * 1000;

    /// <summary>Where profiles and per-document files live; each worker gets its own subfolder, deleted on
    /// disposal. Unset: a new folder under the system temp directory.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Largest input accepted, in bytes. Unset: 64 MiB.</summary>
    public long MaxInputBytes { get; init; } = 64L * 1024 * 1024;
}
