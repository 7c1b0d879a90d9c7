using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Pki;
using Npgsql;

namespace Hub.Server.Trust;

/// <summary>
/// The CA's state in PostgreSQL (migration 0006), shared by every node on the database. Each operation is one
/// statement, so it is atomic on its own: the "Try" operations insert with ON CONFLICT DO NOTHING and report whether
/// a row went in, and the CRL number is an upsert of one row, which PostgreSQL serialises on that row's lock.
/// </summary>
internal sealed class DatabaseCertificateAuthorityStore(NpgsqlDataSource dataSource) : ICertificateAuthorityStore
{
    private const string CertificateColumns = "serial_number, kind, subject, certificate, key_id, recorded_at, is_external, chain";

    public async Task<CaHierarchyRecord?> GetHierarchyAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT root_certificate, root_key_id, issuing_certificate, issuing_key_id FROM hub.ca_hierarchy");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new CaHierarchyRecord(reader.GetFieldValue<byte[]>(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2), reader.GetString(3))
            : null;
    }

    public async Task<bool> TrySaveHierarchyAsync(CaHierarchyRecord hierarchy, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(InsertHierarchy);
        AddHierarchy(command, hierarchy);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> TryAddCertificateAsync(IssuedCertificateRecord certificate, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(InsertCertificate);
        AddCertificate(command, certificate);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IssuedCertificateRecord?> FindCertificateAsync(string serialNumber, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {CertificateColumns} FROM hub.ca_certificates WHERE serial_number = $1");
        command.Parameters.AddWithValue(serialNumber);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new IssuedCertificateRecord(
                reader.GetString(0),
                Enum.Parse<CertificateKind>(reader.GetString(1)),
                reader.GetString(2),
                reader.GetFieldValue<byte[]>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetBoolean(6),
                reader.GetFieldValue<byte[][]>(7))
            : null;
    }

    public async Task<bool> TryAddRevocationAsync(RevocationRecord revocation, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(InsertRevocation);
        AddRevocation(command, revocation);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<RevocationRecord>> ListRevocationsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT serial_number, reason, revoked_at FROM hub.ca_revocations ORDER BY revoked_at, serial_number");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var revocations = new List<RevocationRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            revocations.Add(new RevocationRecord(
                reader.GetString(0), Enum.Parse<X509RevocationReason>(reader.GetString(1)), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return revocations;
    }

    public async Task<long> NextCrlNumberAsync(CancellationToken cancellationToken)
    {
        // Concurrent callers queue on the row lock and each updates the newest version (READ COMMITTED re-reads
        // it), so every caller gets a distinct number greater than all before.
        await using var command = dataSource.CreateCommand("""
            INSERT INTO hub.ca_crl_number (singleton, last_number) VALUES (true, 1)
            ON CONFLICT (singleton) DO UPDATE SET last_number = hub.ca_crl_number.last_number + 1
            RETURNING last_number
            """);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    internal const string InsertHierarchy = """
        INSERT INTO hub.ca_hierarchy (root_certificate, root_key_id, issuing_certificate, issuing_key_id)
        VALUES ($1, $2, $3, $4) ON CONFLICT (singleton) DO NOTHING
        """;

    internal const string InsertCertificate = """
        INSERT INTO hub.ca_certificates (serial_number, kind, subject, certificate, key_id, recorded_at, is_external, chain)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (serial_number) DO NOTHING
        """;

    internal const string InsertRevocation = """
        INSERT INTO hub.ca_revocations (serial_number, reason, revoked_at) VALUES ($1, $2, $3) ON CONFLICT (serial_number) DO NOTHING
        """;

    internal static void AddHierarchy(NpgsqlCommand command, CaHierarchyRecord hierarchy)
    {
        command.Parameters.AddWithValue(hierarchy.RootCertificate);
        command.Parameters.AddWithValue(hierarchy.RootKeyId);
        command.Parameters.AddWithValue(hierarchy.IssuingCertificate);
        command.Parameters.AddWithValue(hierarchy.IssuingKeyId);
    }

    internal static void AddCertificate(NpgsqlCommand command, IssuedCertificateRecord certificate)
    {
        command.Parameters.AddWithValue(certificate.SerialNumber);
        command.Parameters.AddWithValue(certificate.Kind.ToString());
        command.Parameters.AddWithValue(certificate.Subject);
        command.Parameters.AddWithValue(certificate.Certificate);
        command.Parameters.AddWithValue((object?)certificate.KeyId ?? DBNull.Value);
        // timestamptz takes UTC only; a record read from a file may carry another offset for the same instant.
        command.Parameters.AddWithValue(certificate.RecordedAt.ToUniversalTime());
        command.Parameters.AddWithValue(certificate.IsExternal);
        command.Parameters.AddWithValue(certificate.Chain.ToArray());
    }

    internal static void AddRevocation(NpgsqlCommand command, RevocationRecord revocation)
    {
        command.Parameters.AddWithValue(revocation.SerialNumber);
        command.Parameters.AddWithValue(revocation.Reason.ToString());
        command.Parameters.AddWithValue(revocation.RevokedAt.ToUniversalTime());
    }
}
