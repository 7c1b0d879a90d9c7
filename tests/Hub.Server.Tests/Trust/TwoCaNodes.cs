using System.Security.Cryptography;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Trust;
using Hub.Trust.Keys;
using Hub.Trust.Pki;
using Npgsql;

namespace Hub.Server.Tests.Trust;

/// <summary>
/// Two Hub nodes' CAs on one fresh database and one data directory: each node has its own data source, database
/// store and key store instance over the shared <c>keys/</c>, as separate processes would.
/// </summary>
internal sealed class TwoCaNodes : IAsyncDisposable
{
    private readonly NpgsqlDataSource[] _dataSources;

    private TwoCaNodes(string connectionString, string directory, bool firstReadsMeet)
    {
        ConnectionString = connectionString;
        Directory = directory;
        var masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _dataSources = [NpgsqlDataSource.Create(connectionString), NpgsqlDataSource.Create(connectionString)];
        Stores = [.. _dataSources.Select(d => new DatabaseCertificateAuthorityStore(d))];
        var meeting = new FirstReadsMeet(Stores.Length);
        Authorities = [.. Stores.Select(store => new CertificateAuthority(
            new SoftwareKeyStore(new SoftwareKeyStoreOptions { Directory = Path.Combine(directory, "keys"), MasterKey = masterKey }),
            firstReadsMeet ? meeting.Wrap(store) : store,
            new CertificateAuthorityOptions { RootSubject = "CN=Shared Root, O=Hub", IssuingSubject = "CN=Shared Issuing, O=Hub", CaKeyAlgorithm = KeyAlgorithm.EcdsaP256 },
            TimeProvider.System))];
    }

    public string ConnectionString { get; }

    public string Directory { get; }

    public DatabaseCertificateAuthorityStore[] Stores { get; }

    public CertificateAuthority[] Authorities { get; }

    /// <summary>With <paramref name="firstReadsMeet"/>, each node's first hierarchy read returns only once every node has made it.</summary>
    public static async Task<TwoCaNodes> CreateAsync(bool firstReadsMeet = false) =>
        new(await TestPostgres.CreateDatabaseAsync(), System.IO.Directory.CreateTempSubdirectory("hub-ca-nodes-").FullName, firstReadsMeet);

    public async Task<long> CountAsync(string table)
    {
        await using var command = _dataSources[0].CreateCommand($"SELECT count(*) FROM hub.{table}");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>
    /// Holds each node's first hierarchy read until every node has read, so all see "not initialised" before any
    /// saves. Only the timing is arranged; every read and write goes to the real database store.
    /// </summary>
    private sealed class FirstReadsMeet(int nodes)
    {
        private readonly TaskCompletionSource _allRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _read;

        public ICertificateAuthorityStore Wrap(ICertificateAuthorityStore store) => new Meeting(this, store);

        private async Task ArriveAsync()
        {
            if (Interlocked.Increment(ref _read) == nodes)
            {
                _allRead.SetResult();
            }

            await _allRead.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        private sealed class Meeting(FirstReadsMeet meet, ICertificateAuthorityStore store) : ICertificateAuthorityStore
        {
            private int _reads;

            public async Task<CaHierarchyRecord?> GetHierarchyAsync(CancellationToken cancellationToken)
            {
                var hierarchy = await store.GetHierarchyAsync(cancellationToken);
                if (Interlocked.Increment(ref _reads) == 1)
                {
                    await meet.ArriveAsync();
                }

                return hierarchy;
            }

            public Task<bool> TrySaveHierarchyAsync(CaHierarchyRecord hierarchy, CancellationToken cancellationToken) =>
                store.TrySaveHierarchyAsync(hierarchy, cancellationToken);

            public Task<bool> TryAddCertificateAsync(IssuedCertificateRecord certificate, CancellationToken cancellationToken) =>
                store.TryAddCertificateAsync(certificate, cancellationToken);

            public Task<IssuedCertificateRecord?> FindCertificateAsync(string serialNumber, CancellationToken cancellationToken) =>
                store.FindCertificateAsync(serialNumber, cancellationToken);

            public Task<bool> TryAddRevocationAsync(RevocationRecord revocation, CancellationToken cancellationToken) =>
                store.TryAddRevocationAsync(revocation, cancellationToken);

            public Task<IReadOnlyList<RevocationRecord>> ListRevocationsAsync(CancellationToken cancellationToken) =>
                store.ListRevocationsAsync(cancellationToken);

            public Task<long> NextCrlNumberAsync(CancellationToken cancellationToken) => store.NextCrlNumberAsync(cancellationToken);
        }
    }
}
