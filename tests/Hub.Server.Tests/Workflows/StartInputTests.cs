using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Tests.Seals;
using Hub.Workflows.Definitions.Inputs;
using Npgsql;

namespace Hub.Server.Tests.Workflows;

/// <summary>A start is checked against the definition's input schema and the size limits before anything is written
/// (docs/workflow-format.md, "Input schema"), on the demo Hub with the shipped flows.</summary>
public sealed class StartInputTests(DemoHubFixture hub) : IClassFixture<DemoHubFixture>
{
    private static readonly string[] Tables =
    [
        "workflow_instances", "workflow_journal", "workflow_outbox", "workflow_tasks", "workflow_bookmarks", "workflow_work_items", "notifications",
    ];

    [Fact]
    public async Task Start_ExpenseWithWrongTypeOrNothing_Is400ListingEveryProblemAndWritesNothing()
    {
        using var buyer = await hub.SignInAsDemoAsync("east.buyer");
        var procurement = await ProcurementAsync();
        var before = await CountRowsAsync();

        var wrongType = await StartAsync(buyer, procurement, """{"amount":"六万"}""");
        var nothing = await StartAsync(buyer, procurement, "{}");
        var outOfRange = await StartAsync(buyer, procurement, """{"requestNo":"","amount":0,"form":[]}""");

        Assert.Equal(HttpStatusCode.BadRequest, wrongType.Status);
        Assert.Equal(HttpStatusCode.BadRequest, nothing.Status);
        Assert.Equal(new Dictionary<string, string[]>
        {
            ["$.requestNo"] = ["is required"], ["$.form"] = ["is required"], ["$.amount"] = ["must be a number, not a string"],
        }, Errors(wrongType.Body));
        Assert.Equal(new Dictionary<string, string[]>
        {
            ["$.requestNo"] = ["is required"], ["$.amount"] = ["is required"], ["$.form"] = ["is required"],
        }, Errors(nothing.Body));
        Assert.Equal(new Dictionary<string, string[]>
        {
            ["$.requestNo"] = ["must be at least 1 characters long"], ["$.amount"] = ["must be greater than 0"],
            ["$.form"] = ["must be an object, not an array"],
        }, Errors(outOfRange.Body));
        Assert.Equal("The input does not fit the definition", wrongType.Body.GetProperty("title").GetString());
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Start_InputBeyondTheLimits_Is400ForTheInputAnd413ForABodyTooLargeToRead_AndWritesNothing()
    {
        using var buyer = await hub.SignInAsDemoAsync("east.buyer");
        var procurement = await ProcurementAsync();
        var limits = InputLimits.Default;
        var before = await CountRowsAsync();
        var longText = new string('报', limits.MaxStringLength + 1);
        // Within the body limit (input + 16 KiB), but the input itself is over MaxInputBytes.
        var padding = new string('x', limits.MaxInputBytes);

        var longString = await StartAsync(buyer, procurement, $$$"""{"requestNo":"{{{longText}}}","amount":1.0,"form":{}}""");
        var largeInput = await StartAsync(buyer, procurement, $$$"""{"requestNo":"BX-1","amount":1.0,"form":{"note":"{{{padding}}}"}}""");
        var tooLargeToRead = await StartAsync(buyer, procurement, $$$"""{"requestNo":"BX-1","amount":1.0,"form":{"note":"{{{padding}}}{{{padding}}}"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, longString.Status);
        Assert.Equal(new Dictionary<string, string[]> { ["$.requestNo"] = [$"the text is {limits.MaxStringLength + 1} characters long; at most {limits.MaxStringLength} are accepted"] },
            Errors(longString.Body));
        Assert.Equal(HttpStatusCode.BadRequest, largeInput.Status);
        var whole = Assert.Single(Errors(largeInput.Body));
        Assert.Equal("$", whole.Key);
        Assert.EndsWith($"bytes; at most {limits.MaxInputBytes} are accepted", Assert.Single(whole.Value), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLargeToRead.Status);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Start_ExpenseWithTheSampleForm_Is201AndSuspendedAtTheFirstApproval()
    {
        using var buyer = await hub.SignInAsDemoAsync("east.buyer");
        var procurement = await ProcurementAsync();
        var input = JsonSerializer.Serialize(new
        {
            requestNo = "BX-START-1", applicant = "east.buyer", amount = 6345.60, form = SealedPdfs.Sample("expense-reimbursement"),
        });

        var started = await StartAsync(buyer, procurement, input);

        Assert.Equal(HttpStatusCode.Created, started.Status);
        Assert.Equal("Suspended", started.Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Signal_PayloadWithAStringOverTheLimit_Is400KeyedInsideThePayload()
    {
        using var buyer = await hub.SignInAsDemoAsync("east.buyer");
        var procurement = await ProcurementAsync();

        var response = await buyer.PostAsJsonAsync("/api/workflow-signals", new
        {
            organisationId = procurement, name = "paid", correlationKey = "BX-1", payload = new { note = new string('x', InputLimits.Default.MaxStringLength + 1) },
        });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["$.note"], Errors(body).Keys);
        Assert.Equal("The payload is refused", body.GetProperty("title").GetString());
    }

    private async Task<Guid> ProcurementAsync()
    {
        using var hq = await hub.SignInAsDemoAsync("hq.admin");
        return await hub.OrganisationAsync(hq, "采购部", "华东贸易有限公司");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> StartAsync(HttpClient caller, Guid organisationId, string input)
    {
        var json = $$"""{"organisationId":"{{organisationId}}","definitionId":"expense-reimbursement","input":{{input}}}""";
        using var response = await caller.PostAsync("/api/workflow-instances", new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static Dictionary<string, string[]> Errors(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(m => m.GetString()!).ToArray());

    private async Task<string> CountRowsAsync()
    {
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        var counts = new List<string>();
        foreach (var table in Tables)
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM hub.{table}", connection);
            counts.Add($"{table}={await command.ExecuteScalarAsync()}");
        }

        return string.Join(' ', counts);
    }
}
