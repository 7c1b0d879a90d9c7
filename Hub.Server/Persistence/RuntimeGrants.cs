using System.Text.RegularExpressions;
using Npgsql;

namespace Hub.Server.Persistence;

/// <summary>
/// What the running Hub's database role may do, granted by the schema owner after every migration (DESIGN §7: the node
/// connects as a login role that is not a superuser and owns nothing). Every schema the owner made (hub, identity,
/// hangfire, and any a later migration adds) gets plain DML and sequence use, for today's tables and, through default
/// privileges, for tables made later; then the append-only tables lose UPDATE and DELETE again. Idempotent: run on
/// every start, so tables added by new migrations are covered without touching this class.
/// </summary>
internal static partial class RuntimeGrants
{
    /// <summary>
    /// The tables that are append-only for the running Hub (INSERT and SELECT, never UPDATE or DELETE): the journal and
    /// the legal records. The one place to declare a new one; a name whose table does not exist yet is skipped.
    /// </summary>
    public static readonly IReadOnlyList<string> AppendOnlyTables =
    [
        "hub.workflow_journal",
        "hub.evidence_log",
        "hub.evidence_anchors",
        "hub.archive_audit",
        "hub.seal_uses",
        "hub.seal_policy_rule_versions",
        "hub.seal_decisions",
        "hub.seal_use_refusals",
        "hub.personal_signatures",
    ];

    /// <summary>Refuses a role name that is not a plain lower-case identifier, so it can be spliced into GRANT safely.</summary>
    public static string ValidateRoleName(string role) =>
        PlainIdentifier().IsMatch(role)
            ? role
            : throw new ArgumentException(
                $"The runtime role name '{role}' is not a plain PostgreSQL identifier (lower-case letters, digits and '_', starting with a letter or '_', at most 63 characters).");

    /// <summary>
    /// Checks, before anything is changed, that <paramref name="role"/> may serve: not a superuser, not the role that
    /// migrates. Returns whether it exists (a missing one is created by <see cref="ApplyAsync"/>).
    /// </summary>
    public static async Task<bool> CheckAsync(NpgsqlConnection connection, string role, CancellationToken cancellationToken)
    {
        ValidateRoleName(role);
        await using var read = new NpgsqlCommand(
            "SELECT rolsuper, rolname = current_user FROM pg_roles WHERE rolname = $1", connection);
        read.Parameters.AddWithValue(role);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return false;
        }

        if (reader.GetBoolean(1))
        {
            throw new InvalidOperationException(
                $"The runtime role '{role}' is the role that migrates; the running Hub needs a separate role that owns nothing.");
        }

        if (reader.GetBoolean(0))
        {
            throw new InvalidOperationException(
                $"The runtime role '{role}' is a superuser; the running Hub needs a role without superuser rights.");
        }

        return true;
    }

    /// <summary>
    /// Creates <paramref name="role"/> when <paramref name="exists"/> is false (without a password) and grants it what
    /// the Hub needs. Runs in the caller's transaction, as the schema owner, after <see cref="CheckAsync"/>.
    /// </summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string role, bool exists,
        CancellationToken cancellationToken)
    {
        ValidateRoleName(role);
        if (!exists)
        {
            await CreateRoleAsync(connection, transaction, role, cancellationToken);
        }

        var schemas = await OwnedSchemasAsync(connection, transaction, cancellationToken);
        foreach (var schema in schemas)
        {
            var quoted = QuoteIdentifier(schema);
            await ExecuteAsync(connection, transaction,
                $"GRANT USAGE ON SCHEMA {quoted} TO {role}; " +
                $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {quoted} TO {role}; " +
                $"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {quoted} TO {role}; " +
                $"ALTER DEFAULT PRIVILEGES IN SCHEMA {quoted} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}; " +
                $"ALTER DEFAULT PRIVILEGES IN SCHEMA {quoted} GRANT USAGE, SELECT ON SEQUENCES TO {role}",
                cancellationToken);
        }

        foreach (var table in AppendOnlyTables)
        {
            await using var present = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection, transaction);
            present.Parameters.AddWithValue(table);
            if (await present.ExecuteScalarAsync(cancellationToken) is true)
            {
                // The names are ours (the list above), schema-qualified plain identifiers.
                await ExecuteAsync(connection, transaction, $"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {role}",
                    cancellationToken);
            }
        }
    }

    private static async Task CreateRoleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string role,
        CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(connection, transaction,
                $"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS", cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException(
                $"The runtime role '{role}' does not exist and the migrating role may not create roles; create it (CREATE ROLE {role} LOGIN PASSWORD '…') and migrate again.",
                exception);
        }
    }

    private static async Task<List<string>> OwnedSchemasAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        // The Hub's schemas are the ones its migrating role owns; public and the catalogs are not the Hub's.
        await using var command = new NpgsqlCommand(
            """
            SELECT nspname FROM pg_namespace
            WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
              AND nspname <> 'public' AND nspname <> 'information_schema' AND nspname NOT LIKE 'pg\_%'
            ORDER BY nspname
            """, connection, transaction);
        var schemas = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            schemas.Add(reader.GetString(0));
        }

        return schemas;
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex PlainIdentifier();
}
