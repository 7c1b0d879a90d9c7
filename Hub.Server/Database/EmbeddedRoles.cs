using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hub.Server.Database;

/// <summary>
/// The two login roles of the embedded cluster, neither a superuser: <see cref="Owner"/> owns the Hub's database and
/// schemas and only migrates; <see cref="Runtime"/> serves, owning nothing (its grants are the migrator's last step).
/// Each has a generated password kept 0600 beside the cluster (<c>data/pg.owner.secret</c>, <c>data/pg.runtime.secret</c>).
/// The bootstrap superuser (<c>data/pg.secret</c>) only creates them and the database. Made at the first start, and at
/// the first start of a cluster made by an earlier Hub, which had the superuser only.
/// </summary>
internal static class EmbeddedRoles
{
    /// <summary>The schema owner: migrations, Hangfire's schema, the runtime role's grants; the CLI verbs' node.</summary>
    public const string Owner = "hub_owner";

    /// <summary>The role a serving Hub connects as.</summary>
    public const string Runtime = "hub_runtime";

    /// <summary>Creates <paramref name="role"/> or, when its password file is missing, gives it a new password; returns the password.</summary>
    public static async Task<string> EnsureAsync(NpgsqlConnection superuser, string role, string secretFile, ILogger logger,
        CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = $1", superuser);
        read.Parameters.AddWithValue(role);
        var exists = await read.ExecuteScalarAsync(cancellationToken) is not null;
        if (exists && File.Exists(secretFile))
        {
            return File.ReadAllText(secretFile).Trim();
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        // Role statements take no parameters; the role is one of ours and the password our own hex. A failing statement is
        // kept out of the server log, which would otherwise record it with the password.
        var sql = "SET log_min_error_statement = panic; " +
                  $"{(exists ? "ALTER" : "CREATE")} ROLE {role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '{password}'; " +
                  "RESET log_min_error_statement";
        await using (var write = new NpgsqlCommand(sql, superuser))
        {
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        var temporary = secretFile + ".tmp";
        File.WriteAllText(temporary, password);
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, secretFile, overwrite: true);
        if (!exists)
        {
            Log.EmbeddedRoleCreated(logger, role);
        }

        return password;
    }

    /// <summary>
    /// Hands the Hub's database and everything the bootstrap superuser made in it (an earlier Hub migrated as the
    /// superuser) to <see cref="Owner"/>. Connected to that database as the superuser; does nothing when all is the
    /// owner's already.
    /// </summary>
    public static async Task HandToOwnerAsync(NpgsqlConnection superuserInDatabase, CancellationToken cancellationToken)
    {
        // Sequences that belong to a column move with their table; the catalogs and public are not the Hub's.
        const string Sql =
            $$"""
            DO $$
            DECLARE item record;
            BEGIN
                IF (SELECT datdba FROM pg_database WHERE datname = current_database()) <> '{{Owner}}'::regrole THEN
                    EXECUTE format('ALTER DATABASE %I OWNER TO {{Owner}}', current_database());
                END IF;
                FOR item IN SELECT nspname FROM pg_namespace
                            WHERE nspowner = current_user::text::regrole AND nspname <> 'public'
                              AND nspname <> 'information_schema' AND nspname NOT LIKE 'pg\_%' LOOP
                    EXECUTE format('ALTER SCHEMA %I OWNER TO {{Owner}}', item.nspname);
                END LOOP;
                FOR item IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE c.relowner = current_user::text::regrole AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                              AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
                              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                              AND d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
                    EXECUTE format('ALTER TABLE %s OWNER TO {{Owner}}', item.name);
                END LOOP;
                FOR item IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                            WHERE p.proowner = current_user::text::regrole
                              AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' LOOP
                    EXECUTE format('ALTER ROUTINE %s OWNER TO {{Owner}}', item.name);
                END LOOP;
                FOR item IN SELECT t.oid::regtype AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                            WHERE t.typowner = current_user::text::regrole AND t.typtype IN ('e', 'd')
                              AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' LOOP
                    EXECUTE format('ALTER TYPE %s OWNER TO {{Owner}}', item.name);
                END LOOP;
            END $$
            """;
        await using var command = new NpgsqlCommand(Sql, superuserInDatabase);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
