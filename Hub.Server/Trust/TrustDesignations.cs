using Npgsql;

namespace Hub.Server.Trust;

/// <summary>
/// Which CA certificate serves each of the platform's own roles (hub.trust_designations). A designation changes only
/// by compare-and-set, so when several nodes issue a certificate for a role at once exactly one is designated and
/// every node then uses that one.
/// </summary>
internal sealed class TrustDesignations(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>The Hub's RFC 3161 time-stamping authority.</summary>
    public const string TimestampAuthority = "TimestampAuthority";

    /// <summary>The platform seal that seals evidence reports.</summary>
    public const string PlatformSeal = "PlatformSeal";

    internal const string InsertDesignation = """
        INSERT INTO hub.trust_designations (role, serial_number, designated_at) VALUES ($1, $2, $3) ON CONFLICT (role) DO NOTHING
        """;

    /// <summary>The serial number designated for <paramref name="role"/>, or null when none is.</summary>
    public async Task<string?> FindAsync(string role, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT serial_number FROM hub.trust_designations WHERE role = $1");
        command.Parameters.AddWithValue(role);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>
    /// Designates <paramref name="serialNumber"/> for <paramref name="role"/> if the role's designation is still
    /// <paramref name="expected"/> (null: none yet); returns false, changing nothing, when another node changed it first.
    /// </summary>
    public async Task<bool> TryDesignateAsync(string role, string? expected, string serialNumber, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(expected is null
            ? InsertDesignation
            : "UPDATE hub.trust_designations SET serial_number = $2, designated_at = $3 WHERE role = $1 AND serial_number = $4");
        command.Parameters.AddWithValue(role);
        command.Parameters.AddWithValue(serialNumber);
        command.Parameters.AddWithValue(time.GetUtcNow());
        if (expected is not null)
        {
            command.Parameters.AddWithValue(expected);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
