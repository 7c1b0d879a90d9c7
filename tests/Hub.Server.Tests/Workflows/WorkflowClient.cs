using System.Net.Http.Json;
using System.Text.Json;

namespace Hub.Server.Tests.Workflows;

/// <summary>Calls of the workflow API the tests repeat.</summary>
internal static class WorkflowClient
{
    public static async Task<JsonElement> ImportAsync(HttpClient admin, Guid organisationId, JsonElement document)
    {
        var response = await admin.PostAsJsonAsync("/api/workflow-definitions/import", new { organisationId, document });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"import: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> StartAsync(HttpClient caller, Guid organisationId, string definitionId, object input, string? correlationKey = null)
    {
        var response = await caller.PostAsJsonAsync("/api/workflow-instances", new { organisationId, definitionId, input, correlationKey });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"start: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> InstanceAsync(HttpClient caller, Guid instanceId) =>
        await caller.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{instanceId}");

    public static async Task<List<JsonElement>> InboxAsync(HttpClient caller, Guid instanceId) =>
        [.. (await caller.GetFromJsonAsync<JsonElement>("/api/tasks")).EnumerateArray()
            .Where(t => t.GetProperty("instanceId").GetGuid() == instanceId)];

    public static async Task<HttpResponseMessage> DecideAsync(HttpClient caller, Guid taskId, string decision, string? comment = null) =>
        await caller.PostAsJsonAsync($"/api/tasks/{taskId}/decision", new { decision, comment });

    /// <summary>Decides the caller's task of the instance once it is in their inbox (polling), failing after <paramref name="wait"/>
    /// or when the decision is refused; <paramref name="who"/> names the caller in the failure.</summary>
    public static async Task DecideWhenAssignedAsync(HttpClient caller, string who, Guid instanceId, string decision, TimeSpan wait)
    {
        var task = await WaitForTaskAsync(caller, who, instanceId, wait);
        var response = await DecideAsync(caller, task.GetProperty("id").GetGuid(), decision);
        Assert.True(response.IsSuccessStatusCode, $"{who}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The first task of <paramref name="instanceId"/> in <paramref name="caller"/>'s inbox once it arrives
    /// (polling); failing after <paramref name="wait"/>, it says where the instance went instead, when the caller may see it.</summary>
    public static async Task<JsonElement> WaitForTaskAsync(HttpClient caller, string who, Guid instanceId, TimeSpan wait)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var task = (await InboxAsync(caller, instanceId)).FirstOrDefault();
            if (task.ValueKind == JsonValueKind.Object)
            {
                return task;
            }

            if (clock.Elapsed > wait)
            {
                var seen = await caller.GetAsync($"/api/workflow-instances/{instanceId}");
                Assert.Fail($"{who} got no task of {instanceId}: {await seen.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits (polling, no fixed sleep) until the instance reaches <paramref name="status"/>.</summary>
    public static async Task<JsonElement> WaitForStatusAsync(HttpClient caller, Guid instanceId, string status, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var instance = await InstanceAsync(caller, instanceId);
            if (instance.GetProperty("status").GetString() == status)
            {
                return instance;
            }

            Assert.True(clock.Elapsed < timeout, $"instance {instanceId} still {instance.GetProperty("status")} after {timeout.TotalSeconds} s");
            await Task.Delay(50);
        }
    }
}
