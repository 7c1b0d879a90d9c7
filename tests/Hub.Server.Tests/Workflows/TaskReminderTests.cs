using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;
using Npgsql;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Workflows;

/// <summary>Reminders and escalation of open tasks, driven by the node's own workers against PostgreSQL: each leaves
/// journal entries and notifications for exactly the right people, a bounded number of times.</summary>
public sealed class TaskReminderTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Remind_OpenTask_NotifiesEveryCandidateUpToTheLimit()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        using var member = await hub.SignInAsync("alpha.member");
        var id = await StartAsync(admin, new { remindEvery = "PT1S", reminderLimit = 2 }, "alpha.admin", "alpha.member");

        await WaitForJournalAsync(admin, id, "TaskReminded", 2);
        // The limit is reached: the reminder's work item is gone, so no third reminder can follow.
        Assert.Equal(0, await WorkItemsAsync(id, "TaskReminder"));

        var journal = await JournalAsync(admin, id, "TaskReminded");
        Assert.Equal(2, journal.Count);
        Assert.EndsWith("reminder 1 of 2 sent to 2 person(s)", journal[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("reminder 2 of 2 sent to 2 person(s)", journal[1].GetProperty("message").GetString(), StringComparison.Ordinal);
        foreach (var person in new[] { admin, member })
        {
            var mine = (await NotificationsAsync(person)).Where(n => n.GetProperty("instanceId").GetGuid() == id).ToList();
            Assert.Equal(2, mine.Count);
            Assert.All(mine, n => Assert.Equal(("TaskReminder", "Reminder: Please decide"), (n.GetProperty("kind").GetString(), n.GetProperty("subject").GetString())));
        }

        using var beta = await hub.SignInAsync("beta.admin");
        Assert.DoesNotContain(await NotificationsAsync(beta), n => n.GetProperty("instanceId").GetGuid() == id);
    }

    [Fact]
    public async Task Remind_ClaimedTask_NotifiesOnlyTheAssignee()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        using var member = await hub.SignInAsync("alpha.member");
        var id = await StartAsync(admin, new { remindEvery = "PT1S", reminderLimit = 1 }, "alpha.admin", "alpha.member");
        var task = Assert.Single(await InboxAsync(member, id)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await member.PostAsync($"/api/tasks/{task}/claim", null)).StatusCode);

        await WaitForJournalAsync(admin, id, "TaskReminded", 1);

        Assert.Single(await NotificationsAsync(member), n => n.GetProperty("instanceId").GetGuid() == id);
        Assert.DoesNotContain(await NotificationsAsync(admin), n => n.GetProperty("instanceId").GetGuid() == id);
    }

    [Fact]
    public async Task Remind_TaskDecidedFirst_RemindsNobody()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var id = await StartAsync(admin, new { remindEvery = "PT2S", reminderLimit = 3 }, "alpha.admin");
        var task = Assert.Single(await InboxAsync(admin, id)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(admin, task, "approve")).StatusCode);

        // The reminder still falls due; it must find the task decided and end without a trace.
        var deadline = DateTime.UtcNow + Patience;
        while (await WorkItemsAsync(id, "TaskReminder") > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(0, await WorkItemsAsync(id, "TaskReminder"));
        Assert.Empty(await JournalAsync(admin, id, "TaskReminded"));
        Assert.DoesNotContain(await NotificationsAsync(admin), n => n.GetProperty("instanceId").GetGuid() == id);
    }

    [Fact]
    public async Task Escalate_OverdueTask_AdministratorsJoinAndAreNotified()
    {
        using var member = await hub.SignInAsync("alpha.member");
        using var admin = await hub.SignInAsync("alpha.admin");
        var id = await StartAsync(admin, new { dueIn = "PT1S" }, "alpha.member");
        Assert.Empty(await InboxAsync(admin, id));

        await WaitForJournalAsync(admin, id, "TaskEscalated", 1);

        var notice = Assert.Single(await NotificationsAsync(admin), n => n.GetProperty("instanceId").GetGuid() == id);
        Assert.Equal(("TaskEscalated", "Overdue, now yours to decide: Please decide"), (notice.GetProperty("kind").GetString(), notice.GetProperty("subject").GetString()));
        Assert.DoesNotContain(await NotificationsAsync(member), n => n.GetProperty("instanceId").GetGuid() == id);
        var task = Assert.Single(await InboxAsync(admin, id));
        Assert.True(task.GetProperty("escalated").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(admin, task.GetProperty("id").GetGuid(), "approve")).StatusCode);
        Assert.Equal("Completed", (await InstanceAsync(admin, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Escalate_OverdueTaskWhoseStepNamesEscalateTo_GoesToThemNotTheAdministrators()
    {
        // A review an emergency seal owes at a subsidiary escalates to group HQ, not to the subsidiary's own admin.
        using var member = await hub.SignInAsync("alpha.member");
        using var admin = await hub.SignInAsync("alpha.admin");
        using var hq = await hub.SignInAsync("hq.admin");
        var id = await StartAsync(admin, new { dueIn = "PT1S", escalateTo = new[] { new { kind = "role", value = "hqAdmin", scope = "group-hq" } } },
            "alpha.member");

        await WaitForJournalAsync(admin, id, "TaskEscalated", 1);

        Assert.EndsWith("escalated to 1 person(s) the step names", (await JournalAsync(admin, id, "TaskEscalated"))[0].GetProperty("message").GetString(),
            StringComparison.Ordinal);
        var notice = Assert.Single(await NotificationsAsync(hq), n => n.GetProperty("instanceId").GetGuid() == id);
        Assert.Equal("TaskEscalated", notice.GetProperty("kind").GetString());
        Assert.DoesNotContain(await NotificationsAsync(admin), n => n.GetProperty("instanceId").GetGuid() == id);
        Assert.Empty(await InboxAsync(admin, id));
        var task = Assert.Single(await InboxAsync(hq, id));
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(hq, task.GetProperty("id").GetGuid(), "approve")).StatusCode);
        Assert.Equal("Completed", (await InstanceAsync(admin, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task MarkRead_OwnAndOthers_OnlyTheRecipientMayAndUnreadFilters()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        using var member = await hub.SignInAsync("alpha.member");
        var id = await StartAsync(admin, new { remindEvery = "PT1S", reminderLimit = 1 }, "alpha.admin");
        await WaitForJournalAsync(admin, id, "TaskReminded", 1);
        var notice = Assert.Single(await NotificationsAsync(admin), n => n.GetProperty("instanceId").GetGuid() == id).GetProperty("id").GetGuid();

        var refused = await member.PostAsync($"/api/notifications/{notice}/read", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains(await NotificationsAsync(admin, unread: true), n => n.GetProperty("id").GetGuid() == notice);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/notifications/{notice}/read", null)).StatusCode);
        Assert.DoesNotContain(await NotificationsAsync(admin, unread: true), n => n.GetProperty("id").GetGuid() == notice);
        var read = Assert.Single(await NotificationsAsync(admin), n => n.GetProperty("id").GetGuid() == notice);
        Assert.Equal(JsonValueKind.String, read.GetProperty("readAt").ValueKind);
    }

    private async Task<Guid> StartAsync(HttpClient admin, object timing, params string[] candidates)
    {
        var name = "remind-" + Guid.NewGuid().ToString("N")[..8];
        await ImportAsync(admin, hub.Group.Alpha.Id,
            WorkflowDocuments.Approval(name, 1, [.. candidates.Select(c => (object)new { kind = "user", value = c })], "any", timing));
        return (await WorkflowClient.StartAsync(admin, hub.Group.Alpha.Id, name, new { })).GetProperty("id").GetGuid();
    }

    private static async Task<List<JsonElement>> JournalAsync(HttpClient caller, Guid id, string act) =>
        [.. (await caller.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{id}/journal")).EnumerateArray()
            .Where(j => j.GetProperty("event").GetString() == act)];

    private static async Task WaitForJournalAsync(HttpClient caller, Guid id, string act, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while ((await JournalAsync(caller, id, act)).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"instance {id}: fewer than {count} '{act}' entries after {Patience}");
            await Task.Delay(200);
        }
    }

    private static async Task<List<JsonElement>> NotificationsAsync(HttpClient caller, bool unread = false) =>
        [.. (await caller.GetFromJsonAsync<JsonElement>("/api/notifications" + (unread ? "?unread=true" : ""))).EnumerateArray()];

    private async Task<long> WorkItemsAsync(Guid instanceId, string kind)
    {
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM hub.workflow_work_items WHERE instance_id = $1 AND kind = $2", connection)
        {
            Parameters = { new() { Value = instanceId }, new() { Value = kind } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
