using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Pki;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hub.Server.Trust;

/// <summary>
/// Moves the CA state of a data directory written by earlier Hubs (<c>ca/ca-state.json</c>, <c>ca/tsa.serial</c>,
/// <c>ca/platform-seal.serial</c>) into the database at start-up, in one transaction, then renames each file to
/// <c>*.imported</c> so nobody edits a stale copy. A file that cannot be read or does not hold together stops the
/// start with one line naming it, and nothing is imported.
/// </summary>
internal sealed class CaStateFileImport(NpgsqlDataSource dataSource, ILogger<CaStateFileImport> logger)
{
    /// <summary>The suffix an imported file is renamed with.</summary>
    public const string ImportedSuffix = ".imported";

    // Arbitrary, fixed: "HUBCAIMP" in ASCII. Nodes starting together on one data directory import once.
    private const long AdvisoryLockKey = 0x0048_5542_4341_494D;

    private static readonly (string Role, string FileName)[] SerialFiles =
    [
        (TrustDesignations.TimestampAuthority, "tsa.serial"),
        (TrustDesignations.PlatformSeal, "platform-seal.serial"),
    ];

    /// <summary>Imports whatever of the files exists; does nothing when none does.</summary>
    /// <exception cref="InvalidOperationException">A file is malformed, or holds a CA other than the database's.</exception>
    public async Task ImportAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var caDirectory = Path.Combine(Path.GetFullPath(dataDirectory), "ca");
        var stateFile = Path.Combine(caDirectory, FileCertificateAuthorityStore.FileName);
        var serialFiles = SerialFiles.Select(s => (s.Role, Path: Path.Combine(caDirectory, s.FileName))).Where(s => File.Exists(s.Path)).ToList();
        var hasState = File.Exists(stateFile);
        if (!hasState && serialFiles.Count == 0)
        {
            return;
        }

        var state = hasState ? await ReadStateAsync(caDirectory, stateFile, cancellationToken) : new CertificateAuthorityState(null, [], [], 0);
        var designations = new List<(string Role, string Path, string Serial)>();
        foreach (var (role, path) in serialFiles)
        {
            designations.Add((role, path, await ReadSerialAsync(path, cancellationToken)));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1)",
            command => command.Parameters.AddWithValue(AdvisoryLockKey), cancellationToken);

        var imported = await ImportStateAsync(connection, transaction, stateFile, state, cancellationToken);
        foreach (var (role, path, serial) in designations)
        {
            await DesignateAsync(connection, transaction, role, path, serial, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (hasState)
        {
            MarkImported(stateFile);
        }

        foreach (var designation in designations)
        {
            MarkImported(designation.Path);
        }

        Log.CaStateImported(logger, stateFile, imported ? state.Certificates.Count : 0, imported ? state.Revocations.Count : 0, designations.Count);
    }

    /// <summary>Inserts the file's state unless the database holds that CA already; false when it did.</summary>
    private static async Task<bool> ImportStateAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string stateFile, CertificateAuthorityState state, CancellationToken cancellationToken)
    {
        await using (var read = new NpgsqlCommand("SELECT root_certificate FROM hub.ca_hierarchy", connection, transaction))
        {
            if (await read.ExecuteScalarAsync(cancellationToken) is byte[] root)
            {
                if (state.Hierarchy is null || root.AsSpan().SequenceEqual(state.Hierarchy.RootCertificate))
                {
                    // Imported before (by another node starting at the same time, or a start that stopped before renaming).
                    return false;
                }

                throw new InvalidOperationException(
                    $"CA state file '{stateFile}' holds a different CA than the database (root SHA-256 {Fingerprint(state.Hierarchy.RootCertificate)}, " +
                    $"database {Fingerprint(root)}); move the file away or start the node on the database it belongs to.");
            }
        }

        if (state.Hierarchy is not null)
        {
            await ExecuteAsync(connection, transaction, DatabaseCertificateAuthorityStore.InsertHierarchy,
                command => DatabaseCertificateAuthorityStore.AddHierarchy(command, state.Hierarchy), cancellationToken);
        }

        foreach (var certificate in state.Certificates)
        {
            await ExecuteAsync(connection, transaction, DatabaseCertificateAuthorityStore.InsertCertificate,
                command => DatabaseCertificateAuthorityStore.AddCertificate(command, certificate), cancellationToken);
        }

        foreach (var revocation in state.Revocations)
        {
            await ExecuteAsync(connection, transaction, DatabaseCertificateAuthorityStore.InsertRevocation,
                command => DatabaseCertificateAuthorityStore.AddRevocation(command, revocation), cancellationToken);
        }

        if (state.CrlNumber > 0)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO hub.ca_crl_number (singleton, last_number) VALUES (true, $1)
                ON CONFLICT (singleton) DO UPDATE SET last_number = greatest(hub.ca_crl_number.last_number, EXCLUDED.last_number)
                """, command => command.Parameters.AddWithValue(state.CrlNumber), cancellationToken);
        }

        return true;
    }

    private static async Task DesignateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string role, string path, string serial,
        CancellationToken cancellationToken)
    {
        await using (var known = new NpgsqlCommand("SELECT count(*) FROM hub.ca_certificates WHERE serial_number = $1", connection, transaction))
        {
            known.Parameters.AddWithValue(serial);
            if ((long)(await known.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                throw new InvalidOperationException($"Serial file '{path}' names certificate {serial}, which the CA does not hold; nothing was imported.");
            }
        }

        // A designation made in the database since (by a node already on it) wins over the file's.
        await ExecuteAsync(connection, transaction, TrustDesignations.InsertDesignation, command =>
        {
            command.Parameters.AddWithValue(role);
            command.Parameters.AddWithValue(serial);
            command.Parameters.AddWithValue(new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero));
        }, cancellationToken);
    }

    private static async Task<CertificateAuthorityState> ReadStateAsync(string caDirectory, string stateFile, CancellationToken cancellationToken)
    {
        CertificateAuthorityState state;
        try
        {
            state = await new FileCertificateAuthorityStore(caDirectory).ReadStateAsync(cancellationToken);
        }
        catch (Exception e) when (e is CertificateAuthorityException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{e.Message.TrimEnd('.')}; nothing was imported.", e);
        }

        var serials = state.Certificates.Select(c => c.SerialNumber).ToHashSet(StringComparer.Ordinal);
        var problem = state.Hierarchy is not null && !IsCertificate(state.Hierarchy.RootCertificate) ? "the root certificate is not DER"
            : state.Hierarchy is not null && !IsCertificate(state.Hierarchy.IssuingCertificate) ? "the issuing certificate is not DER"
            : state.Certificates.FirstOrDefault(c => !IsSerial(c.SerialNumber) || !IsCertificate(c.Certificate)) is { } bad ? $"certificate {bad.SerialNumber} is not valid"
            : state.Revocations.FirstOrDefault(r => !serials.Contains(r.SerialNumber)) is { } orphan ? $"revocation of {orphan.SerialNumber} names no certificate of the file"
            : state.CrlNumber < 0 ? $"CRL number {state.CrlNumber} is negative"
            : null;
        return problem is null
            ? state
            : throw new InvalidOperationException($"CA state file '{stateFile}' is not valid: {problem}; nothing was imported.");
    }

    private static async Task<string> ReadSerialAsync(string path, CancellationToken cancellationToken)
    {
        var serial = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        return IsSerial(serial)
            ? serial
            : throw new InvalidOperationException($"Serial file '{path}' does not hold a hexadecimal serial number; nothing was imported.");
    }

    private static void MarkImported(string path)
    {
        try
        {
            File.Move(path, path + ImportedSuffix, overwrite: true);
        }
        catch (FileNotFoundException)
        {
            // Another node starting on the same data directory renamed it first.
        }
    }

    private static bool IsSerial(string serial) =>
        serial.Length is > 0 and <= 64 && serial.All(char.IsAsciiHexDigitUpper);

    private static bool IsCertificate(byte[] der)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static string Fingerprint(byte[] der) => Convert.ToHexString(SHA256.HashData(der)).ToLower(CultureInfo.InvariantCulture);

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Action<NpgsqlCommand> bind,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        bind(command);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
