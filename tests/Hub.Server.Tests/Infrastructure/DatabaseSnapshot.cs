using Npgsql;

namespace Hub.Server.Tests.Infrastructure;

/// <summary>A summary of every business table, to prove that a refused request wrote nothing.</summary>
internal static class DatabaseSnapshot
{
    public static async Task<string> TakeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT concat_ws(' ',
              (SELECT count(*) FROM hub.organisations),
              (SELECT md5(coalesce(string_agg(id::text || name || coalesce(credit_code, ''), ',' ORDER BY id), '')) FROM hub.organisations),
              (SELECT count(*) FROM hub.users),
              (SELECT md5(coalesce(string_agg(id::text || user_name || display_name, ',' ORDER BY id), '')) FROM hub.users),
              (SELECT md5(coalesce(string_agg(id::text || role || organisation_id::text, ',' ORDER BY id), '')) FROM hub.role_assignments),
              (SELECT md5(coalesce(string_agg(c.user_id::text || c.password_hash || c.failed_sign_ins, ',' ORDER BY c.user_id), '')) FROM hub.user_credentials c),
              (SELECT md5(coalesce(string_agg(key_id || coalesce(revoked_at::text, ''), ',' ORDER BY key_id), '')) FROM hub.api_keys),
              (SELECT md5(coalesce(string_agg(id::text || status, ',' ORDER BY id), '')) FROM hub.workflow_definitions),
              (SELECT md5(coalesce(string_agg(id::text || status || version, ',' ORDER BY id), '')) FROM hub.workflow_instances),
              (SELECT md5(coalesce(string_agg(id::text || status || coalesce(assignee_id::text, '') || candidate_ids::text, ',' ORDER BY id), '')) FROM hub.workflow_tasks),
              (SELECT md5(coalesce(string_agg(id::text || status, ',' ORDER BY id), '')) FROM hub.workflow_incidents),
              (SELECT count(*) FROM hub.workflow_signals),
              (SELECT md5(coalesce(string_agg(id::text || status || coalesce(encode(mobile_lookup, 'hex'), '') || coalesce(encode(wrapped_data_key, 'hex'), ''), ',' ORDER BY id), '')) FROM identity.persons),
              (SELECT md5(coalesce(string_agg(id::text || status || attempts || coalesce(consumed_at::text, ''), ',' ORDER BY id), '')) FROM identity.verifications),
              (SELECT md5(coalesce(string_agg(id::text || status, ',' ORDER BY id), '')) FROM identity.enterprises),
              (SELECT count(*) FROM identity.certificates),
              (SELECT count(*) FROM identity.signing_key_uses),
              (SELECT count(*) FROM identity.wrapping_keys))
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
