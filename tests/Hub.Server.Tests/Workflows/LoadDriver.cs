using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hub.Server.Tests.Workflows;

/// <summary>
/// The load of the crash and multi-node tests: expense instances (started by east.buyer, decided by east.head and
/// east.finance through their inboxes) and CallHttp instances (started by hq.admin) whose receiver counts
/// Idempotency-Keys. Every start carries a correlation key, and a start whose answer was lost is sent again with the
/// same key, so "one instance per key" is what the Hub promises and what the tests check.
/// </summary>
internal sealed class LoadDriver(string prefix, int expenses, int calls, string callDefinition)
{
    private readonly ConcurrentDictionary<string, Guid> started = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Guid> Started => started;

    public IEnumerable<string> Keys => Enumerable.Range(0, expenses).Select(i => $"{prefix}-expense-{i}")
        .Concat(Enumerable.Range(0, calls).Select(i => $"{prefix}-call-{i}"));

    public bool AllStarted => started.Count == expenses + calls;

    public sealed record Clients(HttpClient Buyer, HttpClient Admin, HttpClient Head, HttpClient Finance, Guid Group, Guid Procurement);

    public static async Task<Clients> SignInAsync(ServeNode node)
    {
        var admin = await node.SignInAsync("hq.admin");
        var buyer = await node.SignInAsync("east.buyer");
        var group = (await admin.GetFromJsonAsync<JsonElement>("/api/organisations")).EnumerateArray()
            .Single(o => o.GetProperty("parentId").ValueKind == JsonValueKind.Null).GetProperty("id").GetGuid();
        var procurement = (await buyer.GetFromJsonAsync<JsonElement>("/api/organisations")).EnumerateArray().Single().GetProperty("id").GetGuid();
        return new Clients(buyer, admin, await node.SignInAsync("east.head"), await node.SignInAsync("east.finance"), group, procurement);
    }

    /// <summary>Starts what is not started yet and approves what is in the deciders' inboxes, until cancelled. Every
    /// failure (the node was killed, a task was decided meanwhile) is left for the next round.</summary>
    public async Task DriveAsync(Clients clients, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                foreach (var key in Keys.Where(k => !started.ContainsKey(k)).Take(6))
                {
                    var isCall = key.Contains("-call-", StringComparison.Ordinal);
                    var response = await (isCall ? clients.Admin : clients.Buyer).PostAsJsonAsync("/api/workflow-instances", new
                    {
                        organisationId = isCall ? clients.Group : clients.Procurement,
                        definitionId = isCall ? callDefinition : "expense-reimbursement",
                        input = isCall ? (object)new { key } : new { requestNo = key, applicant = "east.buyer", amount = 100.0, form = new { } },
                        correlationKey = key,
                    }, stop);
                    if (response.IsSuccessStatusCode)
                    {
                        started[key] = (await response.Content.ReadFromJsonAsync<JsonElement>(stop)).GetProperty("id").GetGuid();
                    }
                }

                foreach (var decider in new[] { clients.Head, clients.Finance })
                {
                    foreach (var task in (await decider.GetFromJsonAsync<JsonElement>("/api/tasks", stop)).EnumerateArray())
                    {
                        using var _ = await decider.PostAsJsonAsync($"/api/tasks/{task.GetProperty("id")}/decision",
                            new { decision = "approve", comment = "load" }, stop);
                    }
                }

                await Task.Delay(30, stop);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException or JsonException)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                await Task.Delay(100, CancellationToken.None);
            }
        }
    }
}
