using System.Text.Json;
using Hub.Server.Workflows;
using Hub.Server.Workflows.Stores;
using Hub.Workflows.Definitions;
using Npgsql;

namespace Hub.Server.Cli.Workflow;

/// <summary>
/// Runs one instance of a definition file to its end inside a Hub's database, as <c>hub workflow run</c> does: the
/// file is published under the applicant's group (reused when that version is stored with the same content hash),
/// the instance started as the applicant, due work (timers, retries, deliveries) driven here, and each open task
/// decided, in creation order, as the <see cref="DecisionPlan"/> says: by its assignee, else by the candidate with the
/// deepest home organisation (the one nearest the work; then by user name, so runs repeat).
/// </summary>
internal sealed class WorkflowRun(NpgsqlDataSource db, WorkflowEngine engine, HumanTasks tasks, WorkQueue queue, OutboxRelay relay,
    TimeProvider time)
{
    /// <summary>Comment stored with every decision this verb makes, so the journal tells them from people's.</summary>
    public const string DecisionComment = "decided by ./hub workflow run";

    private sealed record Applicant(Guid Id, Guid OrganisationId, string OrganisationPath);

    private sealed record OpenTask(Guid Id, string NodeId, Guid Decider);

    /// <exception cref="CommandLineFailure">No such user, or a stored version of the definition differs.</exception>
    public async Task<WorkflowRunReport> RunAsync(WorkflowDefinition definition, JsonElement input, string userName, DecisionPlan plan,
        TimeSpan wait, CancellationToken cancellationToken)
    {
        var applicant = await FindUserAsync(userName, cancellationToken)
            ?? throw new CommandLineFailure($"--as: no user '{userName}' in this Hub's database.", 2);
        var (rowId, hash, document) = await PublishAsync(definition, applicant, cancellationToken);
        var started = await engine.StartAsync(rowId, hash, document, applicant.OrganisationId, applicant.OrganisationPath, applicant.Id,
            null, input, applicant.Id.ToString(), cancellationToken);
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            while (await queue.RunOneAsync(cancellationToken) | await relay.DeliverOneAsync(cancellationToken))
            {
                // Drain what is due now before looking at tasks: a delivery or timer may have moved the instance.
            }

            if (await StatusAsync(started.InstanceId, cancellationToken) is "Completed" or "Cancelled")
            {
                break;
            }

            if (await DecideNextAsync(started.InstanceId, plan, cancellationToken))
            {
                continue;
            }

            // Nothing to decide: wait for the instance's next timer, retry or delivery if it falls within --wait.
            await using var next = db.CreateCommand(
                "SELECT min(due_at) FROM hub.workflow_work_items WHERE instance_id = $1 AND kind <> 'TaskDue'");
            next.Parameters.AddWithValue(started.InstanceId);
            if (await next.ExecuteScalarAsync(cancellationToken) is not DateTime due || due > deadline.UtcDateTime)
            {
                break;
            }

            var delay = due - time.GetUtcNow().UtcDateTime;
            await Task.Delay(delay > TimeSpan.FromMilliseconds(20) ? delay : TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        return await WorkflowRunReport.ReadAsync(db, started.InstanceId, definition, hash, cancellationToken);
    }

    private async Task<bool> DecideNextAsync(Guid instanceId, DecisionPlan plan, CancellationToken cancellationToken)
    {
        var open = (await TaskStore.OpenWithDeciderAsync(db, instanceId, cancellationToken)).Select(t => new OpenTask(t.Id, t.NodeId, t.Decider));
        foreach (var task in open)
        {
            if (plan.Next(task.NodeId) is not { } decision)
            {
                continue;
            }

            if (task.Decider == Guid.Empty)
            {
                throw new CommandLineFailure($"task {task.Id} of node '{task.NodeId}' has no candidate to decide it.");
            }

            var act = await tasks.DecideAsync(task.Id, task.Decider, decision, DecisionComment, cancellationToken);
            if (!act.Done)
            {
                throw new CommandLineFailure($"deciding task {task.Id} of node '{task.NodeId}' was refused: {act.Act.Message}");
            }

            return true;
        }

        return false;
    }

    private async Task<string> StatusAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT status FROM hub.workflow_instances WHERE id = $1");
        command.Parameters.AddWithValue(instanceId);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<Applicant?> FindUserAsync(string userName, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT u.id, u.organisation_id, o.path FROM hub.users u JOIN hub.organisations o ON o.id = u.organisation_id
            WHERE lower(u.user_name) = lower($1)
            """);
        command.Parameters.AddWithValue(userName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new Applicant(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2)) : null;
    }

    /// <summary>The published row of this definition version at the top of the applicant's group, stored now if absent.</summary>
    private async Task<(Guid RowId, string Hash, string Document)> PublishAsync(WorkflowDefinition definition, Applicant applicant,
        CancellationToken cancellationToken)
    {
        var hash = WorkflowDefinitions.Hash(definition);
        var document = WorkflowDefinitions.ToCanonicalJson(definition);
        var rootPath = applicant.OrganisationPath[..(applicant.OrganisationPath.IndexOf('/', 1) + 1)];
        for (var attempt = 0; ; attempt++)
        {
            await using (var find = db.CreateCommand("""
                SELECT d.id, d.status, d.content_hash FROM hub.workflow_definitions d JOIN hub.organisations o ON o.id = d.organisation_id
                WHERE o.path = $1 AND d.definition_id = $2 AND d.version = $3
                """))
            {
                find.Parameters.AddWithValue(rootPath);
                find.Parameters.AddWithValue(definition.Id);
                find.Parameters.AddWithValue(definition.Version);
                await using var reader = await find.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    var (id, status, stored) = (reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
                    if (status == "Published" && stored == hash)
                    {
                        return (id, hash, document);
                    }

                    throw new CommandLineFailure(status == "Published"
                        ? $"definition '{definition.Id}' version {definition.Version} is already published with other content ({stored}); raise the version to run this file."
                        : $"definition '{definition.Id}' version {definition.Version} is stored as {status.ToLowerInvariant()}; raise the version to run this file.");
                }
            }

            var rowId = Guid.NewGuid();
            var now = time.GetUtcNow();
            await using var insert = db.CreateCommand("""
                INSERT INTO hub.workflow_definitions (id, definition_id, version, organisation_id, status, name, content_hash, document, created_at, published_at)
                SELECT $1, $2, $3, o.id, 'Published', $4, $5, $6, $7, $7 FROM hub.organisations o WHERE o.path = $8
                """);
            insert.Parameters.AddWithValue(rowId);
            insert.Parameters.AddWithValue(definition.Id);
            insert.Parameters.AddWithValue(definition.Version);
            insert.Parameters.AddWithValue(definition.Name);
            insert.Parameters.AddWithValue(hash);
            insert.Parameters.AddWithValue(document);
            insert.Parameters.AddWithValue(now);
            insert.Parameters.AddWithValue(rootPath);
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
                return (rowId, hash, document);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && attempt == 0)
            {
                // Another run stored the same version at the same time: read what it stored.
            }
        }
    }
}
