using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hub.Bench;

/// <summary>
/// The demo users' side of the sealed expense flow, through the HTTP API as SealedFlowTests drives it: east.buyer of
/// 华东贸易's 采购部 starts a claim (amount 100, so no HQ step; the form is the template's sample data), east.head and
/// then east.finance approve it from their inboxes. After the finance approval the node seals unattended. Each
/// <see cref="WorkflowClients"/> is one set of signed-in sessions; several sets act in parallel.
/// </summary>
internal sealed class SealingLoad(IReadOnlyList<WorkflowClients> clients, JsonElement form)
{
    /// <summary>Decision calls' latencies (ms): the approvals' cost, outside the sealing rate.</summary>
    public ConcurrentBag<double> HeadDecisionMs { get; } = [];

    public ConcurrentBag<double> FinanceDecisionMs { get; } = [];

    /// <summary>Starts <paramref name="count"/> claims and has the department head approve each, so every one waits for
    /// the finance approval, the last before sealing.</summary>
    public async Task<IReadOnlyList<Guid>> PrepareAsync(int count, string prefix)
    {
        var ids = new ConcurrentDictionary<int, Guid>();
        var next = -1;
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < count)
            {
                var key = $"{prefix}-{n}";
                var started = await StartAsync(client, key);
                await DecideAsync(client.Head, await TaskOfAsync(client.Head, started, key), started, key, HeadDecisionMs);
                ids[n] = started;
            }
        })));
        return [.. ids.OrderBy(p => p.Key).Select(p => p.Value)];
    }

    /// <summary>The finance approval of each instance, from one inbox read, by all clients in parallel.</summary>
    public async Task DecideFinanceAsync(IReadOnlyList<Guid> instances)
    {
        var inbox = await clients[0].Finance.GetFromJsonAsync<JsonElement>("/api/tasks");
        var tasks = inbox.EnumerateArray().ToDictionary(t => t.GetProperty("instanceId").GetGuid(), t => t.GetProperty("id").GetGuid());
        var next = -1;
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < instances.Count)
            {
                var id = instances[n];
                var task = tasks.TryGetValue(id, out var t) ? t : throw new InvalidOperationException($"no finance task of instance {id}");
                await DecideAsync(client.Finance, task, id, id.ToString(), FinanceDecisionMs);
            }
        })));
    }

    private async Task<Guid> StartAsync(WorkflowClients client, string key)
    {
        using var response = await client.Buyer.PostAsJsonAsync("/api/workflow-instances", new
        {
            organisationId = client.Organisation, definitionId = "expense-reimbursement",
            input = new { requestNo = key, applicant = "east.buyer", amount = 100.0, form }, correlationKey = key,
        });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"start of {key}: {(int)response.StatusCode} {body}");
        }

        var started = JsonDocument.Parse(body).RootElement;
        Expect(started.GetProperty("status").GetString(), "Suspended", key);
        return started.GetProperty("id").GetGuid();
    }

    private static async Task<Guid> TaskOfAsync(HttpClient decider, Guid instanceId, string key)
    {
        var inbox = await decider.GetFromJsonAsync<JsonElement>("/api/tasks");
        var task = inbox.EnumerateArray().FirstOrDefault(t => t.GetProperty("instanceId").GetGuid() == instanceId);
        return task.ValueKind == JsonValueKind.Object ? task.GetProperty("id").GetGuid()
            : throw new InvalidOperationException($"{key}: no task of instance {instanceId} in the inbox");
    }

    /// <summary>Approves one task; only the decision call is timed. Both approvals leave the instance Suspended: after
    /// the last one it waits for the document effects.</summary>
    private static async Task DecideAsync(HttpClient decider, Guid taskId, Guid instanceId, string key, ConcurrentBag<double> latencies)
    {
        var timer = Stopwatch.StartNew();
        using var response = await decider.PostAsJsonAsync($"/api/tasks/{taskId}/decision", new { decision = "approve", comment = "bench" });
        var body = await response.Content.ReadAsStringAsync();
        timer.Stop();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{key}: decision on {instanceId}: {(int)response.StatusCode} {body}");
        }

        latencies.Add(timer.Elapsed.TotalMilliseconds);
        Expect(JsonDocument.Parse(body).RootElement.GetProperty("status").GetString(), "Suspended", key);
    }

    private static void Expect(string? actual, string status, string key)
    {
        if (actual != status)
        {
            throw new InvalidOperationException($"{key}: status {actual}, expected {status}");
        }
    }
}
