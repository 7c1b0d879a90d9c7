using System.Text.Json;
using Hub.Server.Workflows;
using Hub.Server.Workflows.Stores;
using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;
using Hub.Workflows.Runtime;
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
    ActivityRegistry registry, TimeProvider time)
{
    /// <summary>Comment stored with every decision this verb makes, so the journal tells them from people's.</summary>
    public const string DecisionComment = "decided by ./hub workflow run";

    /// <exception cref="CommandLineFailure">No such user, a stored version of the definition differs, or the input does
    /// not fit the definition's input schema or the size limits (exit 2, one line per problem).</exception>
    public async Task<WorkflowRunReport> RunAsync(WorkflowDefinition definition, JsonElement input, string userName, DecisionPlan plan,
        TimeSpan wait, CancellationToken cancellationToken)
    {
        var applicant = await OrganisationReads.MemberAsync(db, userName, cancellationToken)
            ?? throw new CommandLineFailure($"--as: no user '{userName}' in this Hub's database.", 2);
        var (rowId, hash, document) = await PublishAsync(definition, applicant, cancellationToken);
        var started = await engine.StartAsync(rowId, hash, document, applicant.OrganisationId, applicant.OrganisationPath, applicant.UserId,
            null, input, applicant.UserId.ToString(), cancellationToken);
        if (started.Refused is { } refused)
        {
            // One plain line per problem; nothing was written, so there is no instance to report.
            throw new CommandLineFailure(string.Join(Environment.NewLine,
                refused.Problems.Select(p => $"--input {p.Path}: {p.Message}").Prepend($"--input does not fit '{definition.Id}':")), 2);
        }

        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            while (await queue.RunOneAsync(cancellationToken) | await relay.DeliverOneAsync(cancellationToken))
            {
                // Drain what is due now before looking at tasks: a delivery or timer may have moved the instance.
            }

            // Faulted ends the run too: its incident waits for an operator, and its open tasks cannot be decided meanwhile.
            if (await InstanceStore.StatusAsync(db, started.InstanceId, cancellationToken) is WorkflowStatus.Completed or WorkflowStatus.Cancelled
                or WorkflowStatus.Faulted)
            {
                break;
            }

            if (await DecideNextAsync(started.InstanceId, plan, cancellationToken))
            {
                continue;
            }

            // Nothing to decide: wait for the instance's next timer, retry or delivery if it falls within --wait.
            if (await WorkItemStore.NextDueForInstanceAsync(db, started.InstanceId, cancellationToken) is not { } due || due > deadline)
            {
                break;
            }

            var delay = due - time.GetUtcNow();
            await Task.Delay(delay > TimeSpan.FromMilliseconds(20) ? delay : TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        return await WorkflowRunReport.ReadAsync(db, started.InstanceId, definition, hash, cancellationToken);
    }

    private async Task<bool> DecideNextAsync(Guid instanceId, DecisionPlan plan, CancellationToken cancellationToken)
    {
        var open = await TaskStore.OpenWithDeciderAsync(db, instanceId, cancellationToken);
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

    /// <summary>The published row of this definition version at the top of the applicant's group, stored now if absent.</summary>
    /// <exception cref="CommandLineFailure">That version is stored with other content or not published.</exception>
    private async Task<(Guid RowId, string Hash, string Document)> PublishAsync(WorkflowDefinition definition, OrganisationReads.Member applicant,
        CancellationToken cancellationToken)
    {
        var version = DefinitionVersion.Draft(definition).Publish(registry);
        var hash = version.ContentHash!;
        for (var attempt = 0; ; attempt++)
        {
            if (await DefinitionStore.FindVersionAsync(db, applicant.GroupId, definition.Id, definition.Version, cancellationToken) is { } stored)
            {
                if (stored.Status == DefinitionStatus.Published && stored.ContentHash == hash)
                {
                    return (stored.Id, hash, WorkflowDefinitions.ToCanonicalJson(definition));
                }

                throw new CommandLineFailure(stored.Status == DefinitionStatus.Published
                    ? $"definition '{definition.Id}' version {definition.Version} is already published with other content ({stored.ContentHash}); raise the version to run this file."
                    : $"definition '{definition.Id}' version {definition.Version} is stored as {stored.Status.ToString().ToLowerInvariant()}; raise the version to run this file.");
            }

            if (await DefinitionStore.InsertAsync(db, version, applicant.GroupId, applicant.GroupPath, time.GetUtcNow(), cancellationToken) is { } inserted)
            {
                return (inserted.Id, hash, inserted.Document!);
            }

            // Another run stored the same version at the same time: read what it stored (once).
            if (attempt > 0)
            {
                throw new InvalidOperationException($"definition '{definition.Id}' version {definition.Version} is neither stored nor storable");
            }
        }
    }
}
