using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hub.Bench;

/// <summary>One client of the load: its own signed-in sessions for the applicant and the two deciders.</summary>
internal sealed record WorkflowClients(HttpClient Buyer, HttpClient Head, HttpClient Finance, Guid Organisation) : IDisposable
{
    public void Dispose()
    {
        Buyer.Dispose();
        Head.Dispose();
        Finance.Dispose();
    }
}

/// <summary>What one phase of load did: instances finished, wall time, and the decision calls' latencies.</summary>
internal sealed record WorkflowPhaseResult(string Flow, int Clients, int Instances, TimeSpan Elapsed, IReadOnlyList<double> DecisionMs, int Failures)
{
    public double InstancesPerSecond => Instances / Elapsed.TotalSeconds;
}

/// <summary>
/// Closed-loop clients against the real HTTP API. An expense instance is: east.buyer starts it (amount 100, so no HQ
/// step), east.head finds the task in the inbox and approves it, east.finance finds the next task and approves it;
/// the second decision's answer must say Completed. An automatic instance is one start whose answer must say
/// Completed. With <c>ratePerSecond</c> the clients start instances on a fixed schedule instead (open loop), for
/// the latency at a given load.
/// </summary>
internal static class WorkflowLoad
{
    public static async Task<WorkflowPhaseResult> RunAsync(IReadOnlyList<WorkflowClients> clients, string flow, TimeSpan duration, string prefix,
        double? ratePerSecond = null)
    {
        var latencies = new ConcurrentBag<double>();
        var instances = 0;
        var failures = 0;
        var slot = -1;
        var clock = Stopwatch.StartNew();
        var workers = clients.Select((client, index) => Task.Run(async () =>
        {
            for (var n = 0; clock.Elapsed < duration; n++)
            {
                if (ratePerSecond is { } rate)
                {
                    var due = TimeSpan.FromSeconds(Interlocked.Increment(ref slot) / rate);
                    if (due >= duration)
                    {
                        return;
                    }

                    if (due > clock.Elapsed)
                    {
                        await Task.Delay(due - clock.Elapsed);
                    }
                }

                var key = $"{prefix}-{index}-{n}";
                try
                {
                    if (flow == WorkflowDefinitions.AutomaticId)
                    {
                        await AutomaticAsync(client, key);
                    }
                    else
                    {
                        await ExpenseAsync(client, key, latencies);
                    }

                    Interlocked.Increment(ref instances);
                }
                catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException or JsonException)
                {
                    if (Interlocked.Increment(ref failures) <= 3)
                    {
                        Console.Error.WriteLine($"{key}: {e.Message}");
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return new WorkflowPhaseResult(flow, clients.Count, instances, clock.Elapsed, [.. latencies], failures);
    }

    private static async Task AutomaticAsync(WorkflowClients client, string key)
    {
        var started = await StartAsync(client, WorkflowDefinitions.AutomaticId, new { amount = 10.0 }, key);
        Expect(started, "Completed", key);
    }

    private static async Task ExpenseAsync(WorkflowClients client, string key, ConcurrentBag<double> latencies)
    {
        var started = await StartAsync(client, "expense-reimbursement", new { requestNo = key, applicant = "east.buyer", amount = 100.0, form = new { } }, key);
        Expect(started, "Suspended", key);
        var instanceId = started.GetProperty("id").GetGuid();
        await DecideAsync(client.Head, instanceId, key, "Suspended", latencies);
        await DecideAsync(client.Finance, instanceId, key, "Completed", latencies);
    }

    private static async Task<JsonElement> StartAsync(WorkflowClients client, string definitionId, object input, string key)
    {
        using var response = await client.Buyer.PostAsJsonAsync("/api/workflow-instances",
            new { organisationId = client.Organisation, definitionId, input, correlationKey = key });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"start of {definitionId}: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Finds the instance's open task in the decider's inbox and approves it; only the decision call is timed.</summary>
    private static async Task DecideAsync(HttpClient decider, Guid instanceId, string key, string expected, ConcurrentBag<double> latencies)
    {
        var inbox = await decider.GetFromJsonAsync<JsonElement>("/api/tasks");
        var task = inbox.EnumerateArray().FirstOrDefault(t => t.GetProperty("instanceId").GetGuid() == instanceId);
        if (task.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"{key}: no task of instance {instanceId} in the inbox");
        }

        var timer = Stopwatch.StartNew();
        using var response = await decider.PostAsJsonAsync($"/api/tasks/{task.GetProperty("id").GetGuid()}/decision", new { decision = "approve", comment = "bench" });
        var body = await response.Content.ReadAsStringAsync();
        timer.Stop();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{key}: decision {(int)response.StatusCode} {body}");
        }

        latencies.Add(timer.Elapsed.TotalMilliseconds);
        Expect(JsonDocument.Parse(body).RootElement, expected, key);
    }

    private static void Expect(JsonElement instance, string status, string key)
    {
        var actual = instance.GetProperty("status").GetString();
        if (actual != status)
        {
            throw new InvalidOperationException($"{key}: status {actual}, expected {status}");
        }
    }
}
