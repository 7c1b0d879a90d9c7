using System.Reflection;
using System.Text.RegularExpressions;
using Hub.Server.Tests.Infrastructure;
using Npgsql;

namespace Hub.Server.Tests.Workflows;

/// <summary>
/// The workflow tables are written by raw SQL (one batched round trip per burst), so the EF model-vs-schema test
/// does not see them. Here every SQL statement in the host's source (Hub.Server/Workflows, Api/Workflows,
/// Cli/Workflow, Trust for the CA's state and keys, Archive and Documents for the node's stored bytes) is prepared against the migrated schema: PostgreSQL resolves each table, column, type and operator
/// without running anything, so a renamed or retyped column, a dropped table or a new statement that does not fit
/// the schema fails here, naming the file and the statement.
/// </summary>
public sealed partial class WorkflowSchemaTests
{
    // Hub.Server/Trust keeps the CA's state and the keys in raw SQL too (one atomic statement per store operation), as do
    // the archive's and the documents' stores.
    private static readonly string[] Folders =
        ["Hub.Server/Workflows", "Hub.Server/Api/Workflows", "Hub.Server/Cli/Workflow", "Hub.Server/Trust", "Hub.Server/Archive", "Hub.Server/Documents",
         "Hub.Server/Evidence", "Hub.Server/Seals"];

    // Holes in interpolated statements that are not constants, with a value each takes at run time.
    private static readonly Dictionary<string, string> Holes = new(StringComparer.Ordinal);

    [Fact]
    public async Task Prepare_EveryStatementOfTheHost_FitsTheMigratedSchema()
    {
        var statements = Statements().ToList();
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using var connection = await dataSource.OpenConnectionAsync();
        var failures = new List<string>();
        var index = 0;
        foreach (var (file, sql) in statements)
        {
            await using var prepare = new NpgsqlCommand($"PREPARE s{index++} AS {sql}", connection);
            try
            {
                await prepare.ExecuteNonQueryAsync();
            }
            catch (PostgresException e)
            {
                failures.Add($"{file}: {e.MessageText}\n  {sql.ReplaceLineEndings(" ")}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The host issues statements on every raw-SQL table; a scan that finds few has lost its way.
        var tables = statements.SelectMany(s => TableName().Matches(s.Sql).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Persistence.SchemaTests.RawSqlTables.Select(t => "hub." + t).Order(StringComparer.Ordinal), tables.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Prepare_StatementNamingADroppedColumn_FailsNamingIt()
    {
        // The check itself must be able to fail: the same preparation against a schema missing one column.
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var drop = new NpgsqlCommand("ALTER TABLE hub.workflow_outbox DROP COLUMN delivered_at", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        var (file, sql) = Statements().First(s => s.Sql.Contains("delivered_at", StringComparison.Ordinal));
        await using var prepare = new NpgsqlCommand($"PREPARE s AS {sql}", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => prepare.ExecuteNonQueryAsync());
        Assert.Equal("column \"delivered_at\" of relation \"workflow_outbox\" does not exist", error.MessageText);
        Assert.EndsWith("OutboxStore.cs", file, StringComparison.Ordinal);
    }

    /// <summary>Every string literal of the host's source that starts with a SQL verb, holes filled.</summary>
    internal static IEnumerable<(string File, string Sql)> Statements()
    {
        var root = SharedData.RepositoryRoot();
        var constants = ConstantStrings();
        foreach (var file in Folders.Where(f => Directory.Exists(Path.Combine(root, f))).SelectMany(f => Directory.EnumerateFiles(Path.Combine(root, f), "*.cs", SearchOption.AllDirectories)).Order(StringComparer.Ordinal))
        {
            var source = File.ReadAllText(file);
            var literals = RawLiteral().Matches(source).Select(m => m.Groups[1].Value).ToList();
            literals.AddRange(PlainLiteral().Matches(RawLiteral().Replace(source, "\"\"")).Select(m => m.Groups[1].Value));
            foreach (var literal in literals)
            {
                var sql = literal.Trim();
                if (!SqlVerb().IsMatch(sql))
                {
                    continue;
                }

                sql = Hole().Replace(sql, hole =>
                {
                    // A bare name is a constant of the file's own type (InstanceEndpoints.cs: InstanceEndpoints.Columns).
                    var name = hole.Groups[1].Value;
                    // A qualified one keeps its type and member (Stores.InstanceStore.Columns: InstanceStore.Columns).
                    var qualified = name.Contains('.', StringComparison.Ordinal)
                        ? string.Join('.', name.Split('.')[^2..])
                        : Path.GetFileNameWithoutExtension(file).Split('.')[0] + "." + name;
                    return constants.TryGetValue(qualified, out var value) ? value
                        : Holes.TryGetValue(name, out var sample) ? sample
                        : throw new InvalidOperationException($"{file}: add a sample value for the hole {{{name}}} of: {sql}");
                });
                yield return (Path.GetRelativePath(root, file), sql);
            }
        }
    }

    /// <summary>String constants of the server's workflow types (e.g. the column lists statements interpolate).</summary>
    private static Dictionary<string, string> ConstantStrings()
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in typeof(Hub.Server.Workflows.WorkflowEngine).Assembly.GetTypes()
                     .Where(t => t.Namespace is "Hub.Server.Workflows" or "Hub.Server.Workflows.Stores" or "Hub.Server.Api.Workflows" or "Hub.Server.Trust"
                         or "Hub.Server.Archive" or "Hub.Server.Documents"
                         || (t.Namespace?.StartsWith("Hub.Server.Evidence", StringComparison.Ordinal) ?? false)
                         || (t.Namespace?.StartsWith("Hub.Server.Seals", StringComparison.Ordinal) ?? false)))
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                         .Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            {
                found[type.Name + "." + field.Name] = (string)field.GetRawConstantValue()!;
            }
        }

        return found;
    }

    [GeneratedRegex("\\$?\"\"\"(.*?)\"\"\"", RegexOptions.Singleline)]
    private static partial Regex RawLiteral();

    [GeneratedRegex("\\$?\"((?:[^\"\\\\\\n]|\\\\.)*)\"")]
    private static partial Regex PlainLiteral();

    [GeneratedRegex("^(SELECT|INSERT|UPDATE|DELETE|WITH)\\s")]
    private static partial Regex SqlVerb();

    [GeneratedRegex("\\{([A-Za-z_.]+)\\}")]
    private static partial Regex Hole();

    [GeneratedRegex("hub\\.(?:workflow_[a-z_]+|notifications|ca_[a-z_]+|trust_designations|trust_keys|documents|document_records|document_templates|archive_[a-z_]+|evidence_[a-z_]+|seals|seal_[a-z_]+|personal_signatures)\\b")]
    private static partial Regex TableName();
}
