using System.Text.Json;
using Hub.Activities.Evidence.Chain;
using Hub.Activities.Organisations;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;
using Hub.Server.Evidence;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Server.Seals.Policy;

/// <summary>
/// Group-policy rules in <c>hub.seal_policy_rules</c>, each change kept as a version in
/// <c>hub.seal_policy_rule_versions</c> and entered in the evidence chain in the same transaction. Callers check who
/// may edit (<see cref="PolicyEditRights"/>) and the rule's problems (<see cref="PolicyRuleCheck"/>) first.
/// </summary>
internal static class SealPolicyStore
{
    private const string Columns = """
        r.id, r.organisation_id, r.organisation_path, o.name, r.name, r.kind, r.condition, r.seal_types, r.max_amount,
        r.currency, r.required_role, r.required_scope_path, r.explanation_zh, r.explanation_en, r.enabled, r.version
        """;

    /// <summary>One stored version of a rule.</summary>
    public sealed record RuleVersion(int Version, string Change, PolicyRule Rule, Guid? ChangedBy, DateTimeOffset ChangedAt);

    /// <summary>The rules (enabled or not, never removed ones) owned at <paramref name="organisationPath"/> or above it,
    /// ancestors first.</summary>
    public static async Task<IReadOnlyList<PolicyRule>> RulesAlongPathAsync(NpgsqlDataSource db, string organisationPath,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await RulesAlongPathAsync(connection, null, organisationPath, cancellationToken);
    }

    /// <inheritdoc cref="RulesAlongPathAsync(NpgsqlDataSource, string, CancellationToken)"/>
    public static async Task<IReadOnlyList<PolicyRule>> RulesAlongPathAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        string organisationPath, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT {Columns} FROM hub.seal_policy_rules r JOIN hub.organisations o ON o.id = r.organisation_id
            WHERE r.removed_at IS NULL AND starts_with($1, r.organisation_path)
            ORDER BY length(r.organisation_path), r.name, r.id
            """, connection, transaction);
        command.Parameters.AddWithValue(organisationPath);
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>An organisation by id, as a rule's owner or scope: its path and name; null when there is none.</summary>
    public static async Task<PolicyOwner?> OrganisationAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT id, path, name FROM hub.organisations WHERE id = $1", connection, transaction);
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new PolicyOwner(reader.GetGuid(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    /// <summary>Whether any rule (even a removed one) is owned at or below <paramref name="organisationPath"/>.</summary>
    public static async Task<bool> AnyInSubtreeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        string organisationPath, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM hub.seal_policy_rules WHERE starts_with(organisation_path, $1))", connection, transaction);
        command.Parameters.AddWithValue(organisationPath);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>The current rule <paramref name="id"/>, locked until <paramref name="transaction"/> ends; null when there
    /// is none or it was removed.</summary>
    public static async Task<PolicyRule?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT {Columns} FROM hub.seal_policy_rules r JOIN hub.organisations o ON o.id = r.organisation_id
            WHERE r.id = $1 AND r.removed_at IS NULL FOR UPDATE OF r
            """, connection, transaction);
        command.Parameters.AddWithValue(id);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Every version of rule <paramref name="id"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<RuleVersion>> HistoryAsync(NpgsqlDataSource db, Guid id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT version, change, rule, changed_by, changed_at FROM hub.seal_policy_rule_versions WHERE rule_id = $1 ORDER BY version
            """);
        command.Parameters.AddWithValue(id);
        var versions = new List<RuleVersion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(new RuleVersion(reader.GetInt32(0), reader.GetString(1),
                JsonSerializer.Deserialize<PolicyRule>(reader.GetString(2), PolicyJson.Options)!,
                reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return versions;
    }

    /// <summary>Adds <paramref name="rule"/> as version 1, with its version row and evidence act.</summary>
    public static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PolicyRule rule, Guid? actorId,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        rule = rule with { Version = 1 };
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO hub.seal_policy_rules (id, organisation_id, organisation_path, name, kind, condition, seal_types, max_amount,
                currency, required_role, required_scope_path, explanation_zh, explanation_en, enabled, version, created_at, changed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue(rule.Id);
            insert.Parameters.AddWithValue(rule.OrganisationId);
            insert.Parameters.AddWithValue(rule.OrganisationPath);
            AddContent(insert, rule);
            insert.Parameters.AddWithValue(at);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await RecordAsync(connection, transaction, "added", rule, actorId, at, cancellationToken);
    }

    /// <summary>Replaces the content of rule <paramref name="next"/>.Id (locked by the caller at
    /// <paramref name="current"/>) with a new version; returns it.</summary>
    public static async Task<PolicyRule> ChangeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PolicyRule current,
        PolicyRule next, Guid? actorId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // Ownership never moves: a rule stays with the organisation that made it.
        next = next with
        {
            Id = current.Id, OrganisationId = current.OrganisationId, OrganisationPath = current.OrganisationPath,
            OrganisationName = current.OrganisationName, Version = current.Version + 1,
        };
        await using (var update = new NpgsqlCommand("""
            UPDATE hub.seal_policy_rules SET name = $4, kind = $5, condition = $6, seal_types = $7, max_amount = $8, currency = $9,
                required_role = $10, required_scope_path = $11, explanation_zh = $12, explanation_en = $13, enabled = $14,
                version = $15, changed_at = $16
            WHERE id = $1 AND organisation_id = $2 AND organisation_path = $3 AND removed_at IS NULL
            """, connection, transaction))
        {
            update.Parameters.AddWithValue(next.Id);
            update.Parameters.AddWithValue(next.OrganisationId);
            update.Parameters.AddWithValue(next.OrganisationPath);
            AddContent(update, next);
            update.Parameters.AddWithValue(at);
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new InvalidOperationException($"Policy rule {next.Id} is not current; lock it before changing it.");
            }
        }

        // Only the switch moved: say so, so the history reads "disabled" rather than "changed".
        var change = Json(current with { Enabled = next.Enabled, Version = next.Version }) == Json(next) && current.Enabled != next.Enabled
            ? next.Enabled ? "enabled" : "disabled"
            : "changed";
        await RecordAsync(connection, transaction, change, next, actorId, at, cancellationToken);
        return next;
    }

    /// <summary>Removes rule <paramref name="current"/> (locked by the caller), recording the removal as a version.</summary>
    public static async Task RemoveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PolicyRule current, Guid? actorId,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        var removed = current with { Version = current.Version + 1 };
        await using (var update = new NpgsqlCommand("""
            UPDATE hub.seal_policy_rules SET removed_at = $2, changed_at = $2, version = $3 WHERE id = $1 AND removed_at IS NULL
            """, connection, transaction))
        {
            update.Parameters.AddWithValue(current.Id);
            update.Parameters.AddWithValue(at);
            update.Parameters.AddWithValue(removed.Version);
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new InvalidOperationException($"Policy rule {current.Id} is not current; lock it before removing it.");
            }
        }

        await RecordAsync(connection, transaction, "removed", removed, actorId, at, cancellationToken);
    }

    private static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string change, PolicyRule rule,
        Guid? actorId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var json = Json(rule);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO hub.seal_policy_rule_versions (rule_id, version, change, rule, changed_by, changed_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue(rule.Id);
            insert.Parameters.AddWithValue(rule.Version);
            insert.Parameters.AddWithValue(change);
            insert.Parameters.Add(new NpgsqlParameter { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb });
            insert.Parameters.AddWithValue(actorId.HasValue ? actorId.Value : DBNull.Value);
            insert.Parameters.AddWithValue(at);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var details = JsonSerializer.SerializeToElement(new { change, version = rule.Version, rule }, PolicyJson.Options);
        await EvidenceLogStore.AppendAsync(connection, transaction,
            new EvidenceAct(EvidenceKinds.PolicyChange, rule.OrganisationPath, actorId, $"policy-rule:{rule.Id}", details), at,
            cancellationToken);
    }

    private static string Json(PolicyRule rule) => JsonSerializer.Serialize(rule, PolicyJson.Options);

    private static void AddContent(NpgsqlCommand command, PolicyRule rule)
    {
        command.Parameters.AddWithValue(rule.Name);
        command.Parameters.AddWithValue(rule.Kind.ToString());
        command.Parameters.AddWithValue(rule.Condition);
        command.Parameters.AddWithValue(rule.SealTypes.Select(t => t.ToString()).ToArray());
        command.Parameters.Add(new NpgsqlParameter { Value = rule.MaxAmount.HasValue ? rule.MaxAmount.Value : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        command.Parameters.AddWithValue(rule.Currency);
        command.Parameters.Add(new NpgsqlParameter { Value = rule.RequiredRole?.ToString() ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = rule.RequiredScopePath ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.AddWithValue(rule.ExplanationChinese);
        command.Parameters.AddWithValue(rule.ExplanationEnglish);
        command.Parameters.AddWithValue(rule.Enabled);
        command.Parameters.AddWithValue(rule.Version);
    }

    private static async Task<IReadOnlyList<PolicyRule>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rules = new List<PolicyRule>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rules.Add(new PolicyRule
            {
                Id = reader.GetGuid(0), OrganisationId = reader.GetGuid(1), OrganisationPath = reader.GetString(2),
                OrganisationName = reader.GetString(3), Name = reader.GetString(4), Kind = Enum.Parse<PolicyRuleKind>(reader.GetString(5)),
                Condition = reader.GetString(6),
                SealTypes = [.. reader.GetFieldValue<string[]>(7).Select(Enum.Parse<SealType>)],
                MaxAmount = reader.IsDBNull(8) ? null : reader.GetDecimal(8), Currency = reader.GetString(9),
                RequiredRole = reader.IsDBNull(10) ? null : Enum.Parse<Role>(reader.GetString(10)),
                RequiredScopePath = reader.IsDBNull(11) ? null : reader.GetString(11),
                ExplanationChinese = reader.GetString(12), ExplanationEnglish = reader.GetString(13),
                Enabled = reader.GetBoolean(14), Version = reader.GetInt32(15),
            });
        }

        return rules;
    }
}
