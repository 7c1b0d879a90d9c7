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
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    private readonly string _path;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates the store over <c>ca-state.json</c> in <paramref name="directory"/> (created with mode 0700 when missing).</summary>
    public FileCertificateAuthorityStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _path = Path.Combine(Path.GetFullPath(directory), "ca-state.json");
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
