using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hub.Server.Database;

/// <summary>
/// The login role the running Hub serves on inside the embedded cluster: not a superuser, owning nothing, with a
/// generated password kept 0600 beside the owner's (<c>data/pg.runtime.secret</c>). Created at the first start, and
/// at the first start of a cluster made by an earlier Hub (which had only its owner role). Its grants are the
/// migrator's last step.
/// </summary>
internal static class EmbeddedRuntimeRole
{
    /// <summary>The role's name.</summary>
    public const string Name = "hub_runtime";

    /// <summary>Creates the role or, when its password file is missing, gives it a new password; returns the password.</summary>
    public static async Task<string> EnsureAsync(string ownerConnectionString, string secretFile, ILogger logger,
        CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ownerConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var read = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = $1", connection);
        read.Parameters.AddWithValue(Name);
        var exists = await read.ExecuteScalarAsync(cancellationToken) is not null;
        if (exists && File.Exists(secretFile))
        {
            return File.ReadAllText(secretFile).Trim();
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        // Role statements take no parameters; the password is our own hex. A failing statement is kept out of the server
        // log, which would otherwise record it with the password.
        var sql = "SET log_min_error_statement = panic; " + (exists
            ? $"ALTER ROLE {Name} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '{password}'"
            : $"CREATE ROLE {Name} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '{password}'");
        await using (var write = new NpgsqlCommand(sql, connection))
        {
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        var temporary = secretFile + ".tmp";
        File.WriteAllText(temporary, password);
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, secretFile, overwrite: true);
        if (!exists)
        {
            Log.EmbeddedRuntimeRoleCreated(logger, Name);
        }

        return password;
    }
}
