using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Trust.Keys;

namespace Hub.Trust.Pki;

/// <summary>
/// An <see cref="ICertificateAuthorityStore"/> in one JSON file, rewritten atomically (temporary file with mode 0600, then
/// rename) on every change. Operations are serialised within the process; it suits one Hub node and the CLI run one at a
/// time, not several nodes.
/// </summary>
public sealed class FileCertificateAuthorityStore : ICertificateAuthorityStore
{
    /// <summary>The name of the state file inside the store's directory.</summary>
    public const string FileName = "ca-state.json";

    // A member that is missing or null where the records forbid it makes the file invalid, rather than a record
    // with a null certificate that fails much later.
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private readonly string _path;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates the store over <see cref="FileName"/> in <paramref name="directory"/> (created with mode 0700 when missing).</summary>
    public FileCertificateAuthorityStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _path = Path.Combine(Path.GetFullPath(directory), FileName);
    }

    /// <inheritdoc/>
    public async Task<CaHierarchyRecord?> GetHierarchyAsync(CancellationToken cancellationToken) =>
        await ReadAsync(state => state.Hierarchy, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> TrySaveHierarchyAsync(CaHierarchyRecord hierarchy, CancellationToken cancellationToken) =>
        UpdateAsync(
            state =>
            {
                if (state.Hierarchy is not null)
                {
                    return false;
                }

                state.Hierarchy = hierarchy;
                return true;
            },
            cancellationToken);

    /// <inheritdoc/>
    public Task<bool> TryAddCertificateAsync(IssuedCertificateRecord certificate, CancellationToken cancellationToken) =>
        UpdateAsync(state => state.Certificates.TryAdd(certificate.SerialNumber, certificate), cancellationToken);

    /// <inheritdoc/>
    public Task<IssuedCertificateRecord?> FindCertificateAsync(string serialNumber, CancellationToken cancellationToken) =>
        ReadAsync(state => state.Certificates.GetValueOrDefault(serialNumber), cancellationToken);

    /// <inheritdoc/>
    public Task<bool> TryAddRevocationAsync(RevocationRecord revocation, CancellationToken cancellationToken) =>
        UpdateAsync(state => state.Revocations.TryAdd(revocation.SerialNumber, revocation), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<RevocationRecord>> ListRevocationsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<RevocationRecord>>(state => [.. state.Revocations.Values], cancellationToken);

    /// <inheritdoc/>
    public Task<long> NextCrlNumberAsync(CancellationToken cancellationToken) =>
        UpdateAsync(state => ++state.CrlNumber, cancellationToken);

    /// <summary>Reads the whole state at once (an empty state when the file does not exist), e.g. to move it to another store.</summary>
    /// <exception cref="CertificateAuthorityException">The file is not a valid CA state; the message names it.</exception>
    public Task<CertificateAuthorityState> ReadStateAsync(CancellationToken cancellationToken) =>
        ReadAsync(
            state => new CertificateAuthorityState(state.Hierarchy, [.. state.Certificates.Values], [.. state.Revocations.Values], state.CrlNumber),
            cancellationToken);

    private async Task<T> ReadAsync<T>(Func<State, T> read, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return read(await LoadAsync(cancellationToken));
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<T> UpdateAsync<T>(Func<State, T> update, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var state = await LoadAsync(cancellationToken);
            var result = update(state);
            await SecureFile.WriteAtomicAsync(_path, JsonSerializer.SerializeToUtf8Bytes(state, Json), overwrite: true, cancellationToken);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<State> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return new State();
        }

        try
        {
            await using var stream = File.OpenRead(_path);
            return await JsonSerializer.DeserializeAsync<State>(stream, Json, cancellationToken)
                ?? throw new CertificateAuthorityException($"CA state file '{_path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new CertificateAuthorityException($"CA state file '{_path}' is not valid: {e.Message}", e);
        }
    }

    private sealed class State
    {
        public CaHierarchyRecord? Hierarchy { get; set; }

        public Dictionary<string, IssuedCertificateRecord> Certificates { get; set; } = new(StringComparer.Ordinal);

        public Dictionary<string, RevocationRecord> Revocations { get; set; } = new(StringComparer.Ordinal);

        public long CrlNumber { get; set; }
    }
}
