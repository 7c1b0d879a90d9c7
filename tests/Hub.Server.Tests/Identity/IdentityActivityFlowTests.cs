using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Hub.Activities.Identity.Otp;
using Hub.Server.Tests.Infrastructure;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Identity;

/// <summary>
/// The identity activities in a running node: the relay hands identity.* messages to the node's identity work
/// (local provider over HTTP, development SMS sink), and completing a fresh authentication through the API signals
/// the waiting node. Every test runs this graph:
/// <code>
/// start → verify ─Verified→ fresh ─Authenticated→ authenticated
///           │                  └─Failed→ refused
///           └─Refused|Failed→ unverified
/// </code>
/// </summary>
public sealed class IdentityActivityFlowTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_VerifyThenSmsCodeEnteredThroughTheApi_CompletesAuthenticatedWithoutPersonalData()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Guid.NewGuid().ToByteArray()));
        var id = await StartFlowAsync(admin, person, digest);

        var authentication = await PendingAuthenticationAsync(admin, person);
        var answered = await TestPerson.PostAsync(admin, $"/api/identity/verifications/{authentication}/complete",
            new { code = await CodeAsync(person) });
        Assert.Equal("Verified", answered.GetProperty("status").GetString());

        var done = await WaitForStatusAsync(admin, id, "Completed", Patience);
        var journal = (await admin.GetStringAsync($"/api/workflow-instances/{id}/journal"));
        Assert.Equal(["verify", "fresh", "authenticated"], EndedNodes(journal, "verify", "fresh", "authenticated", "unverified", "refused"));
        var variables = done.GetProperty("variables");
        Assert.Equal("Verified", variables.GetProperty("check").GetProperty("status").GetString());
        Assert.Equal("Substantial", variables.GetProperty("check").GetProperty("level").GetString());
        Assert.Equal("Verified", variables.GetProperty("auth").GetProperty("status").GetString());
        Assert.Equal(authentication, variables.GetProperty("auth").GetProperty("authenticationId").GetGuid());
        foreach (var secret in new[] { person.IdNumber, person.Mobile, person.IdNumber[^4..] + "", person.Name })
        {
            Assert.DoesNotContain(secret, done.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, journal, StringComparison.Ordinal);
        }

        // The authentication is the one the signature may consume: made for this document, not used yet.
        var signature = await TestPerson.PostAsync(admin, $"/api/identity/persons/{person.Id}/certificates", new { });
        Assert.False(string.IsNullOrEmpty(signature.GetProperty("serialNumber").GetString()));
        var signed = await TestPerson.PostAsync(admin, $"/api/identity/persons/{person.Id}/signatures",
            new { documentSha256 = digest, authenticationId = authentication });
        Assert.False(string.IsNullOrEmpty(signed.GetProperty("signature").GetString()));
    }

    [Fact]
    public async Task Run_WrongCodesUntilLocked_TakesFailed()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        var id = await StartFlowAsync(admin, person, new string('b', 64));
        var authentication = await PendingAuthenticationAsync(admin, person);
        var wrong = ((int.Parse(await CodeAsync(person), CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("000000", CultureInfo.InvariantCulture);

        JsonElement last = default;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            last = await TestPerson.PostAsync(admin, $"/api/identity/verifications/{authentication}/complete", new { code = wrong });
        }

        Assert.Equal("Locked", last.GetProperty("status").GetString());
        var done = await WaitForStatusAsync(admin, id, "Completed", Patience);
        Assert.Equal(["verify", "fresh", "refused"],
            EndedNodes(await admin.GetStringAsync($"/api/workflow-instances/{id}/journal"), "verify", "fresh", "authenticated", "unverified", "refused"));
        var auth = done.GetProperty("variables").GetProperty("auth");
        Assert.Equal("Locked", auth.GetProperty("status").GetString());
        Assert.Equal("5 wrong answers; the challenge is locked.", auth.GetProperty("reason").GetString());

        // The right code after the lock changes nothing: the challenge is closed.
        using var late = await admin.PostAsJsonAsync($"/api/identity/verifications/{authentication}/complete", new { code = wrong });
        Assert.Equal(System.Net.HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task Run_PersonOfAnotherSubsidiary_RefusedOnFailedWithReason()
    {
        using var alpha = await hub.SignInAsync("alpha.admin");
        using var beta = await hub.SignInAsync("beta.admin");
        var stranger = await TestPerson.RegisterAsync(hub, beta, hub.Group.Beta.Id);
        var id = await StartFlowAsync(alpha, stranger, new string('c', 64));

        var done = await WaitForStatusAsync(alpha, id, "Completed", Patience);
        Assert.Equal(["verify", "unverified"],
            EndedNodes(await alpha.GetStringAsync($"/api/workflow-instances/{id}/journal"), "verify", "fresh", "authenticated", "unverified", "refused"));
        var check = done.GetProperty("variables").GetProperty("check");
        Assert.Equal("Failed", check.GetProperty("status").GetString());
        Assert.Equal($"Person {stranger.Id} belongs to an organisation outside this instance's organisation; identity records never cross organisations.",
            check.GetProperty("reason").GetString());
        // Nothing was asked of the provider for the stranger: no verification was recorded.
        var record = await beta.GetFromJsonAsync<JsonElement>($"/api/identity/persons/{stranger.Id}");
        Assert.Empty(record.GetProperty("verifications").EnumerateArray());
    }

    [Fact]
    public async Task Sweep_ChallengeNobodyAnswered_ExpiresAndTheNodeTakesFailed()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        var id = await StartFlowAsync(admin, person, new string('d', 64));
        var authentication = await PendingAuthenticationAsync(admin, person);
        var sweep = hub.Service<Hub.Server.Identity.IdentityWaitSweep>();
        Assert.Equal(0, await SweepAsync(sweep));

        // The five minutes pass (and the grace after them).
        await ExecuteAsync("UPDATE identity.verifications SET challenge_expires_at = now() - interval '1 minute' WHERE id = $1", authentication);

        // The node's own timer may sweep first; either way the node must now conclude.
        await SweepAsync(sweep);
        var done = await WaitForStatusAsync(admin, id, "Completed", Patience);
        var auth = done.GetProperty("variables").GetProperty("auth");
        Assert.Equal(("Expired", "The challenge was not answered within 5 minutes."), (auth.GetProperty("status").GetString(), auth.GetProperty("reason").GetString()));
        Assert.Equal(["verify", "fresh", "refused"],
            EndedNodes(await admin.GetStringAsync($"/api/workflow-instances/{id}/journal"), "verify", "fresh", "authenticated", "unverified", "refused"));
    }

    [Fact]
    public async Task Sweep_AnswerSavedButSignalLost_ResumesTheNode()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        var id = await StartFlowAsync(admin, person, new string('e', 64));
        var authentication = await PendingAuthenticationAsync(admin, person);

        // What a node that died between saving the answer and signalling leaves behind: a concluded check, an unsignalled wait.
        await ExecuteAsync("""
            UPDATE identity.verifications SET status = 'Locked', reason = 'lost answer', challenge = NULL, completed_at = now() - interval '1 minute'
            WHERE id = $1
            """, authentication);
        Assert.Equal("Suspended", (await InstanceAsync(admin, id)).GetProperty("status").GetString());

        await SweepAsync(hub.Service<Hub.Server.Identity.IdentityWaitSweep>());
        var done = await WaitForStatusAsync(admin, id, "Completed", Patience);
        Assert.Equal("lost answer", done.GetProperty("variables").GetProperty("auth").GetProperty("reason").GetString());
        Assert.Equal(0, await SweepAsync(hub.Service<Hub.Server.Identity.IdentityWaitSweep>()));
    }

    [Fact]
    public async Task Run_VerifyEnterprise_WaitsForTheRepresentativesAuthorisationThenTakesVerified()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var representative = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id, name: "孙八");
        await TestPerson.PostAsync(admin, $"/api/identity/persons/{representative.Id}/verifications", new { method = "ThreeElement" });
        var code = TestGroup.NewCreditCode();
        hub.Service<Hub.Activities.Identity.Providers.Local.LocalIdentityProvider>().Registry
            .Add(new Hub.Activities.Identity.Providers.Local.LocalTestEnterprise("孙氏贸易有限公司", code, "孙八"));
        var enterprise = (await TestPerson.PostAsync(admin, "/api/identity/enterprises", new
        {
            organisationId = hub.Group.Alpha.Id, name = "孙氏贸易有限公司", creditCode = code,
            legalRepresentativeId = representative.Id, administratorUserId = hub.Group["alpha.admin"].Id,
        })).GetProperty("id").GetGuid();
        var name = "enterprise-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(admin, hub.Group.Alpha.Id, JsonSerializer.SerializeToElement(new
        {
            id = name, version = 1, name,
            inputSchema = new { type = "object", properties = new { enterpriseId = new { type = "string" } } },
            variables = new[] { new { name = "check", schema = new { type = "object" }, @default = new { } } },
            flowchart = new
            {
                nodes = new object[]
                {
                    new { id = "start", type = "Start" },
                    new
                    {
                        id = "verify", type = "VerifyEnterprise", inputs = new { enterpriseId = new { expression = "input.enterpriseId" } },
                        outputs = new Dictionary<string, string> { ["verification"] = "check" },
                    },
                    new { id = "verified", type = "End" }, new { id = "not-verified", type = "End" },
                },
                connections = new[]
                {
                    ("start", "Done", "verify"), ("verify", "Verified", "verified"), ("verify", "Refused", "not-verified"), ("verify", "Failed", "not-verified"),
                }.Select(c => new { source = c.Item1, outcome = c.Item2, target = c.Item3 }),
            },
        }));
        var id = (await StartAsync(admin, hub.Group.Alpha.Id, name, new { enterpriseId = enterprise.ToString() })).GetProperty("id").GetGuid();

        // The register matched; the node waits for the legal representative's SMS authorisation.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Guid? authorisation = null;
        while (authorisation is null)
        {
            // The authorisation is the representative's own verification (an SMS code to their mobile).
            var record = await admin.GetFromJsonAsync<JsonElement>($"/api/identity/persons/{representative.Id}");
            authorisation = record.GetProperty("verifications").EnumerateArray()
                .Where(v => v.GetProperty("status").GetString() == "Pending").Select(v => (Guid?)v.GetProperty("id").GetGuid()).FirstOrDefault();
            Assert.True(clock.Elapsed < Patience, $"no pending authorisation by {representative.Id} for enterprise {enterprise}: {record}");
            await Task.Delay(50);
        }

        Assert.Equal("Suspended", (await InstanceAsync(admin, id)).GetProperty("status").GetString());
        await TestPerson.PostAsync(admin, $"/api/identity/verifications/{authorisation}/complete", new { code = TestPerson.LastCode(hub, representative.Id) });

        var done = await WaitForStatusAsync(admin, id, "Completed", Patience);
        Assert.Equal(["verify", "verified"],
            EndedNodes(await admin.GetStringAsync($"/api/workflow-instances/{id}/journal"), "verify", "verified", "not-verified"));
        Assert.Equal("Verified", done.GetProperty("variables").GetProperty("check").GetProperty("status").GetString());
        Assert.DoesNotContain(representative.IdNumber, done.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>Sweeps until this node holds the sweep (another test's sweep or the node's own timer may hold it).</summary>
    private static async Task<int> SweepAsync(Hub.Server.Identity.IdentityWaitSweep sweep)
    {
        for (var attempt = 0; ; attempt++)
        {
            var swept = await sweep.SweepAsync(CancellationToken.None);
            if (swept >= 0 || attempt == 100)
            {
                return swept;
            }

            await Task.Delay(50);
        }
    }

    private async Task ExecuteAsync(string sql, Guid id)
    {
        await using var connection = new Npgsql.NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection) { Parameters = { new() { Value = id } } };
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<Guid> StartFlowAsync(HttpClient admin, TestPerson person, string digest)
    {
        var name = "identity-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(admin, hub.Group.Alpha.Id, Definition(name));
        var started = await StartAsync(admin, hub.Group.Alpha.Id, name, new { personId = person.Id.ToString(), digest });
        return started.GetProperty("id").GetGuid();
    }

    /// <summary>The pending fresh authentication the relay created for the person (waits for the relay, no sleep-and-hope).</summary>
    private static async Task<Guid> PendingAuthenticationAsync(HttpClient admin, TestPerson person)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var record = await admin.GetFromJsonAsync<JsonElement>($"/api/identity/persons/{person.Id}");
            var pending = record.GetProperty("verifications").EnumerateArray()
                .Where(v => v.GetProperty("purpose").GetString()!.StartsWith("signing:", StringComparison.Ordinal) && v.GetProperty("status").GetString() == "Pending")
                .Select(v => v.GetProperty("id").GetGuid()).ToList();
            if (pending.Count > 0)
            {
                return Assert.Single(pending);
            }

            Assert.True(clock.Elapsed < Patience, $"no fresh authentication for {person.Id} after {Patience.TotalSeconds} s: {record}");
            await Task.Delay(50);
        }
    }

    private Task<string> CodeAsync(TestPerson person)
    {
        var message = hub.Service<DevelopmentSmsSink>().LastTo(person.Id);
        Assert.NotNull(message);
        return Task.FromResult(TestPerson.LastCode(hub, person.Id));
    }

    /// <summary>The nodes among <paramref name="nodes"/> the journal shows completed, in journal order.</summary>
    private static List<string> EndedNodes(string journal, params string[] nodes) =>
        [.. JsonDocument.Parse(journal).RootElement.EnumerateArray()
            .Where(j => j.GetProperty("event").GetString() == "Completed" && nodes.Contains(j.GetProperty("nodeId").GetString()))
            .Select(j => j.GetProperty("nodeId").GetString()!)];

    private static JsonElement Definition(string id) => JsonSerializer.SerializeToElement(new
    {
        id, version = 1, name = id,
        inputSchema = new { type = "object", properties = new { personId = new { type = "string" }, digest = new { type = "string" } } },
        variables = new[] { "check", "auth" }.Select(v => new { name = v, schema = new { type = "object" }, @default = new { } }),
        flowchart = new
        {
            nodes = new object[]
            {
                new { id = "start", type = "Start" },
                new
                {
                    id = "verify", type = "VerifyPerson", inputs = new { personId = new { expression = "input.personId" }, method = new { literal = "ThreeElement" } },
                    outputs = new Dictionary<string, string> { ["verification"] = "check" },
                },
                new
                {
                    id = "fresh", type = "RequireFreshAuthentication",
                    inputs = new { personId = new { expression = "input.personId" }, documentSha256 = new { expression = "input.digest" }, method = new { literal = "SmsCode" } },
                    outputs = new Dictionary<string, string> { ["verification"] = "auth" },
                },
                new { id = "authenticated", type = "End" }, new { id = "unverified", type = "End" }, new { id = "refused", type = "End" },
            },
            connections = new[]
            {
                ("start", "Done", "verify"), ("verify", "Verified", "fresh"), ("verify", "Refused", "unverified"), ("verify", "Failed", "unverified"),
                ("fresh", "Authenticated", "authenticated"), ("fresh", "Failed", "refused"),
            }.Select(c => new { source = c.Item1, outcome = c.Item2, target = c.Item3 }),
        },
    });
}
