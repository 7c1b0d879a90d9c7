using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hub.Activities.Identifiers;
using Hub.Activities.Identity.Otp;
using Hub.Server.Seeding;
using Hub.Server.Tests.Identity;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Trust;
using Hub.Trust.Verification;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Seals;

/// <summary>
/// The shipped labour contract as the demo group runs it on a first start, through the API: HR's request approved, the
/// contract generated, the custodian confirms, the company seal, then the employee's fresh SMS authentication bound to
/// the sealed contract and their personal signature added to it; the downloaded PDF carries both signatures, valid.
/// <code>
/// approvals → generate → custodian → authorise → seal → authenticate ─Authenticated→ sign ─Signed→ archive → report → sealed
///                                                          └─Failed→ not-signed ←Refused─┘
/// </code>
/// </summary>
public sealed class LabourContractFlowTests(DemoHubFixture hub, ITestOutputHelper output) : IClassFixture<DemoHubFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private static readonly JsonElement ContractForm = SealedPdfs.Sample("labour-contract");

    [Fact]
    public async Task LabourContract_ApprovedSealedAndTheEmployeesCodeAnswered_EndsWithTheCompanySealAndTheEmployeesSignatureBothValid()
    {
        if (!LibreOffice.Available(output))
        {
            return;
        }

        using var hq = await hub.SignInAsDemoAsync("hq.admin");
        using var hr = await hub.SignInAsDemoAsync("south.hr");
        var department = await hub.OrganisationAsync(hq, DemoEmployeeSeeder.Department, DemoGroupSeeder.SouthName);
        // The demo employee a first start seeds: verified, with a certificate whose key the Hub holds.
        var employee = (await hr.GetFromJsonAsync<JsonElement>($"/api/identity/persons?organisationId={department}")).EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == PersonalDataMask.Name(DemoEmployeeSeeder.EmployeeName));
        var employeeId = employee.GetProperty("id").GetGuid();
        var certificate = (await hr.GetFromJsonAsync<JsonElement>($"/api/identity/persons/{employeeId}")).GetProperty("certificates").EnumerateArray()
            .Single(c => c.GetProperty("keyHolder").GetString() == "hub").GetProperty("serialNumber").GetString()!;

        var id = await StartApprovedAsync(hr, department, employeeId);
        var authentication = await PendingAuthenticationAsync(hq, id, employeeId);
        var code = Regex.Match(hub.Service<DevelopmentSmsSink>().LastTo(employeeId)!, "[0-9]{6}").Value;
        using var admin = await hub.SignInAsDemoAsync("south.admin");
        await TestPerson.PostAsync(admin, $"/api/identity/verifications/{authentication}/complete", new { code });

        var done = await WaitForStatusAsync(hr, id, "Completed", Patience);
        var variables = done.GetProperty("variables");
        Assert.True(variables.GetProperty("signed").GetProperty("succeeded").GetBoolean(), variables.ToString());
        Assert.Equal(certificate, variables.GetProperty("signed").GetProperty("certificateSerial").GetString());
        Assert.Equal(variables.GetProperty("sealed").GetProperty("documentId").GetString(), variables.GetProperty("signed").GetProperty("sourceDocumentId").GetString());
        Assert.True(variables.GetProperty("evidence").GetProperty("allSignaturesValid").GetBoolean(), variables.ToString());
        Assert.Equal(["sign", "archive", "report", "sealed"], Completed(await hr.GetStringAsync($"/api/workflow-instances/{id}/journal"),
            "sign", "archive", "report", "sealed", "not-signed"));

        var response = await hr.GetAsync($"/api/documents/{variables.GetProperty("signed").GetProperty("documentId").GetString()}/content");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var chain = await hub.Service<HubTrust>().EnsureAuthorityAsync(CancellationToken.None);
        var verdicts = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = [chain.Root] }).Verify(pdf).Where(v => !v.IsDocumentTimestamp).ToList();
        Assert.Equal(2, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.IsAcceptable && v.TimestampValid == true, $"{v.FieldName}: {string.Join("; ", v.Problems)}"));
        Assert.Contains(DemoGroupSeeder.SouthName, verdicts[0].SignerSubject, StringComparison.Ordinal);
        Assert.Equal(certificate, verdicts[1].SigningCertificate!.SerialNumber, StringComparer.OrdinalIgnoreCase);
        await VerifyWithToolsAsync(pdf);
    }

    [Fact]
    public async Task LabourContract_WrongCodeUntilLocked_TakesTheNotSignedPathWithoutAnIncidentAndSignsNothing()
    {
        if (!LibreOffice.Available(output))
        {
            return;
        }

        using var hq = await hub.SignInAsDemoAsync("hq.admin");
        using var hr = await hub.SignInAsDemoAsync("south.hr");
        using var admin = await hub.SignInAsDemoAsync("south.admin");
        var department = await hub.OrganisationAsync(hq, DemoEmployeeSeeder.Department, DemoGroupSeeder.SouthName);
        // An employee of its own (their own mobile number, so the SMS rate limit of the demo employee plays no part).
        var employee = await TestPerson.RegisterAsync(hub, admin, department, name: "钱新员");
        Assert.Equal("Verified", (await TestPerson.StartAsync(admin, employee.Id, new { method = "ThreeElement" })).GetProperty("status").GetString());
        await TestPerson.PostAsync(admin, $"/api/identity/persons/{employee.Id}/certificates", new { });

        var id = await StartApprovedAsync(hr, department, employee.Id);
        var authentication = await PendingAuthenticationAsync(hq, id, employee.Id);
        var right = int.Parse(TestPerson.LastCode(hub, employee.Id), CultureInfo.InvariantCulture);
        var wrong = ((right + 1) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < Hub.Activities.Identity.Verification.IdentityVerification.MaxAttempts; attempt++)
        {
            using var answer = await admin.PostAsJsonAsync($"/api/identity/verifications/{authentication}/complete", new { code = wrong });
        }

        var done = await WaitForStatusAsync(hr, id, "Completed", Patience);
        var verification = (await hq.GetFromJsonAsync<JsonElement>($"/api/identity/persons/{employee.Id}")).GetProperty("verifications").EnumerateArray()
            .Single(v => v.GetProperty("id").GetGuid() == authentication);
        Assert.Equal("Locked", verification.GetProperty("status").GetString());
        Assert.Equal(["not-signed"], Completed(await hr.GetStringAsync($"/api/workflow-instances/{id}/journal"), "sign", "archive", "sealed", "not-signed"));
        Assert.False(done.GetProperty("variables").TryGetProperty("signed", out var signed) && signed.ValueKind == JsonValueKind.Object, done.ToString());
        await using var db = NpgsqlDataSource.Create(hub.ConnectionString);
        await using var incidents = db.CreateCommand("SELECT count(*) FROM hub.workflow_incidents WHERE instance_id = $1");
        incidents.Parameters.AddWithValue(id);
        Assert.Equal(0L, (long)(await incidents.ExecuteScalarAsync())!);
        await using var uses = db.CreateCommand("SELECT count(*) FROM identity.signing_key_uses WHERE person_id = $1");
        uses.Parameters.AddWithValue(employee.Id);
        Assert.Equal(0L, (long)(await uses.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task DemoEmployee_SeededAgainOnTheNextStart_StaysOnePersonWithOneHubHeldCertificate()
    {
        using var hq = await hub.SignInAsDemoAsync("hq.admin");
        var department = await hub.OrganisationAsync(hq, DemoEmployeeSeeder.Department, DemoGroupSeeder.SouthName);

        await using (var scope = hub.Service<IServiceScopeFactory>().CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoEmployeeSeeder>().SeedAsync(CancellationToken.None);
        }

        var employee = Assert.Single((await hq.GetFromJsonAsync<JsonElement>($"/api/identity/persons?organisationId={department}")).EnumerateArray(),
            p => p.GetProperty("name").GetString() == PersonalDataMask.Name(DemoEmployeeSeeder.EmployeeName));
        var record = await hq.GetFromJsonAsync<JsonElement>($"/api/identity/persons/{employee.GetProperty("id").GetGuid()}");
        Assert.Equal("Verified", record.GetProperty("status").GetString());
        Assert.Single(record.GetProperty("certificates").EnumerateArray(), c => c.GetProperty("keyHolder").GetString() == "hub");
    }

    /// <summary>Starts the labour contract as HR and takes it through the approvals and the custodian's confirmation.</summary>
    private async Task<Guid> StartApprovedAsync(HttpClient hr, Guid department, Guid employeeId)
    {
        var id = (await StartAsync(hr, department, "labour-contract", new
        {
            contractNo = "LD-" + Guid.NewGuid().ToString("N")[..8], employee = DemoEmployeeSeeder.EmployeeName, employeePersonId = employeeId.ToString(),
            contract = ContractForm,
        })).GetProperty("id").GetGuid();
        // The department head (nearest Approver above 人力资源部: group finance), then group legal, then 华南制造's custodian.
        await hub.DecideAsDemoAsync("hq.finance", id);
        await hub.DecideAsDemoAsync("hq.legal", id);
        await hub.DecideAsDemoAsync(DemoGroupSeeder.SouthCustodian, id, Patience);
        return id;
    }

    /// <summary>The fresh authentication the flow asked of the employee for the sealed contract (waits for the seal and the relay).</summary>
    private static async Task<Guid> PendingAuthenticationAsync(HttpClient caller, Guid instanceId, Guid personId)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var instance = await InstanceAsync(caller, instanceId);
            if (instance.GetProperty("variables").TryGetProperty("sealed", out var seal) && seal.ValueKind == JsonValueKind.Object)
            {
                Assert.True(seal.GetProperty("succeeded").GetBoolean(), seal.ToString());
                var purpose = "signing:" + seal.GetProperty("documentId").GetString();
                var pending = (await caller.GetFromJsonAsync<JsonElement>($"/api/identity/persons/{personId}")).GetProperty("verifications").EnumerateArray()
                    .Where(v => v.GetProperty("purpose").GetString() == purpose && v.GetProperty("status").GetString() == "Pending").ToList();
                if (pending.Count == 1)
                {
                    return pending[0].GetProperty("id").GetGuid();
                }
            }

            Assert.True(clock.Elapsed < Patience, $"no fresh authentication for {personId} on {instanceId}: {instance}");
            await Task.Delay(100);
        }
    }

    /// <summary>verify-pdf (pdfsig, qpdf, openssl) when present, and <c>./hub pdf verify</c>, on a copy in a directory of its own.</summary>
    private async Task VerifyWithToolsAsync(byte[] pdf)
    {
        var directory = Directory.CreateTempSubdirectory("hub-labour-").FullName;
        try
        {
            var file = Path.Combine(directory, "contract.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            using var anonymous = hub.Anonymous();
            await SealedPdfs.VerifyOfflineAsync(anonymous, file, output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The nodes among <paramref name="nodes"/> the journal shows completed, in journal order.</summary>
    private static List<string> Completed(string journal, params string[] nodes) =>
        [.. JsonDocument.Parse(journal).RootElement.EnumerateArray()
            .Where(j => j.GetProperty("event").GetString() == "Completed" && nodes.Contains(j.GetProperty("nodeId").GetString()))
            .Select(j => j.GetProperty("nodeId").GetString()!)];
}
