using System.Security.Cryptography;
using System.Text.Json;
using Hub.Activities.Documents.Records;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Use;
using Hub.Server.Documents;
using Hub.Server.Seals;
using Hub.Server.Seals.Stores;
using Hub.Server.Seals.Use;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Trust;
using Hub.Trust.Verification;
using Hub.Workflows.Effects;
using Npgsql;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Seals;

/// <summary>
/// Single-use seal grants consumed by the node's sealing path (SealApplication) on a real database, with real keys,
/// certificates and timestamps: one grant seals one document once, however many attempts race for it; a redelivery
/// gets the same sealed document; every refusal is explained and recorded in the evidence chain.
/// </summary>
public sealed class SealUseTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task Apply_FiftyParallelAttemptsOnOneGrant_SealOneDocumentOnce()
    {
        var (grant, document) = await ArrangeAsync();
        var application = hub.Service<SealApplication>();

        // Attempts that find the grant held by another are told to retry (the relay does, after a transient result);
        // retried once the race is over, each finds the grant used.
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            var effect = Effect(grant, document, $"attempt-{i}");
            try
            {
                return await application.ApplyAsync(effect, CancellationToken.None);
            }
            catch (SealGrantBusyException)
            {
                return (JsonElement?)null;
            }
        }).ContinueWith(t => (Index: i, Result: t.Result))));
        var settled = new List<JsonElement>();
        foreach (var (index, result) in results)
        {
            settled.Add(result ?? await application.ApplyAsync(Effect(grant, document, $"attempt-{index}"), CancellationToken.None));
        }

        var winner = Assert.Single(settled, r => r.GetProperty("succeeded").GetBoolean());
        Assert.All(settled.Where(r => !r.GetProperty("succeeded").GetBoolean()),
            r => Assert.Equal("grant-used", r.GetProperty("explanations")[0].GetProperty("code").GetString()));
        await using var db = NpgsqlDataSource.Create(hub.ConnectionString);
        Assert.Equal(1L, await CountAsync(db, "SELECT count(*) FROM hub.seal_uses WHERE single_use_grant_id = $1", grant.Id));
        Assert.Equal(1L, await CountAsync(db, "SELECT count(*) FROM hub.evidence_log WHERE kind = 'seal' AND details::jsonb ->> 'grantId' = $1", grant.Id.ToString()));
        Assert.Equal(49L, await CountAsync(db, "SELECT count(*) FROM hub.evidence_log WHERE kind = 'refusal' AND subject = $1", $"seal-use-grant:{grant.Id}"));
        var sealedPdf = await hub.Service<HubDocumentWorkspace>().GetAsync(winner.GetProperty("documentId").GetString()!, CancellationToken.None);
        var chain = await hub.Service<HubTrust>().EnsureAuthorityAsync(CancellationToken.None);
        var verdict = Assert.Single(new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = [chain.Root] }).Verify(sealedPdf));
        Assert.True(verdict.IsAcceptable, string.Join("; ", verdict.Problems));
        Assert.True(verdict.TimestampValid);
    }

    [Fact]
    public async Task Apply_RedeliveredAfterItsUse_ReturnsTheSameSealedDocumentAndSealsNothingMore()
    {
        var (grant, document) = await ArrangeAsync();
        var application = hub.Service<SealApplication>();

        var first = await application.ApplyAsync(Effect(grant, document, "the-effect"), CancellationToken.None);
        var again = await application.ApplyAsync(Effect(grant, document, "the-effect"), CancellationToken.None);

        Assert.True(first.GetProperty("succeeded").GetBoolean(), first.ToString());
        Assert.True(SameJson(first, again), $"{first} then {again}");
        await using var db = NpgsqlDataSource.Create(hub.ConnectionString);
        Assert.Equal(1L, await CountAsync(db, "SELECT count(*) FROM hub.seal_uses WHERE single_use_grant_id = $1", grant.Id));
    }

    [Fact]
    public async Task Apply_WrongDocumentExpiredRevokedFrozenOrAnotherOrganisation_RefusedExplainedAndRecorded()
    {
        var application = hub.Service<SealApplication>();
        await using var db = NpgsqlDataSource.Create(hub.RuntimeConnectionString);

        var (grant, document) = await ArrangeAsync();
        var other = await PdfAsync("another document", grant.InstanceId);
        Assert.Equal("wrong-document", Code(await application.ApplyAsync(Effect(grant, other, "k-document"), CancellationToken.None)));
        var beta = Effect(grant, document, "k-organisation") with { Owner = new EffectOwner(hub.Group.Beta.Id, hub.Group.Beta.Path) };
        Assert.Equal("wrong-organisation", Code(await application.ApplyAsync(beta, CancellationToken.None)));

        var (expiring, expiringDocument) = await ArrangeAsync(validFor: TimeSpan.FromMinutes(10));
        var later = ManualTime.StartingNow();
        later.Advance(TimeSpan.FromMinutes(11));
        var afterExpiry = new SealApplication(hub.Service<NpgsqlDataSource>(), hub.Service<HubTrust>(), hub.Service<DocumentRegister>(), hub.Service<DocumentRecordStore>(), later);
        Assert.Equal("grant-expired", Code(await afterExpiry.ApplyAsync(Effect(expiring, expiringDocument, "k-expired"), CancellationToken.None)));

        var (revoked, revokedDocument) = await ArrangeAsync();
        await using (var connection = await db.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            Assert.True(await SealUseGrantStore.RevokeAsync(connection, transaction, revoked.Id, "申请人撤回", DateTimeOffset.UtcNow, CancellationToken.None));
            await transaction.CommitAsync();
        }

        var refusal = await application.ApplyAsync(Effect(revoked, revokedDocument, "k-revoked"), CancellationToken.None);
        Assert.Equal("grant-revoked", Code(refusal));
        Assert.Contains("申请人撤回", refusal.GetProperty("explanations")[0].GetProperty("chinese").GetString(), StringComparison.Ordinal);

        var (frozen, frozenDocument) = await ArrangeAsync();
        var freeze = await SealStore.ChangeStatusAsync(db, frozen.SealId, SealStatus.Frozen, "审计期间冻结", hub.Group["hq.admin"].Id, DateTimeOffset.UtcNow,
            CancellationToken.None);
        Assert.Null(freeze.Refusal);
        refusal = await application.ApplyAsync(Effect(frozen, frozenDocument, "k-frozen"), CancellationToken.None);
        Assert.Equal("seal-frozen", Code(refusal));
        Assert.Contains("frozen (审计期间冻结)", refusal.GetProperty("explanations")[0].GetProperty("english").GetString(), StringComparison.Ordinal);

        await using var superuser = NpgsqlDataSource.Create(hub.ConnectionString);
        foreach (var (id, code) in new[] { (grant.Id, "wrong-organisation"), (expiring.Id, "grant-expired"), (revoked.Id, "grant-revoked"), (frozen.Id, "seal-frozen") })
        {
            Assert.Equal(1L, await CountAsync(superuser, """
                SELECT count(*) FROM hub.evidence_log WHERE kind = 'refusal' AND subject = $1 AND details::jsonb -> 'explanations' -> 0 ->> 'code' = $2
                """, $"seal-use-grant:{id}", code));
        }

        Assert.Equal(0L, await CountAsync(superuser, "SELECT count(*) FROM hub.seal_uses WHERE single_use_grant_id = ANY($1)",
            new[] { grant.Id, expiring.Id, revoked.Id, frozen.Id }));
    }

    [Fact]
    public async Task Apply_RefusedThenRedelivered_ReturnsTheSameRefusalAndRecordsItOnce()
    {
        // The node died after the refusal committed and before the engine recorded the result: the relay delivers again.
        var (grant, document) = await ArrangeAsync();
        var other = await PdfAsync("not the approved document", grant.InstanceId);
        var application = hub.Service<SealApplication>();

        var first = await application.ApplyAsync(Effect(grant, other, "refused-effect"), CancellationToken.None);
        var again = await application.ApplyAsync(Effect(grant, other, "refused-effect"), CancellationToken.None);

        Assert.Equal("wrong-document", Code(first));
        Assert.True(SameJson(first, again), $"{first} then {again}");
        await using var db = NpgsqlDataSource.Create(hub.ConnectionString);
        Assert.Equal(1L, await CountAsync(db, "SELECT count(*) FROM hub.evidence_log WHERE kind = 'refusal' AND subject = $1", $"seal-use-grant:{grant.Id}"));
        Assert.Equal(1L, await CountAsync(db, "SELECT count(*) FROM hub.seal_use_refusals WHERE effect_key = 'refused-effect' AND stage = 'apply' AND 'wrong-document' = ANY(codes)"));
        // The grant was not consumed by the refusal: the approved document still seals under it.
        Assert.True((await application.ApplyAsync(Effect(grant, document, "the-use"), CancellationToken.None)).GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task Authorise_RefusedThenRedelivered_DecidesOnceAndReturnsTheSameRefusal()
    {
        // Alpha's instance asks to use its finance seal unattended, and no standing grant allows that: refused, with the
        // decision recorded once however often the effect is delivered.
        var (grant, document) = await ArrangeAsync();
        var handler = hub.Service<IEnumerable<IEffectHandler>>().Single(h => h.Kinds.Contains(SealUseKinds.Authorise));
        var effect = new Effect(SealUseKinds.Authorise, JsonSerializer.SerializeToElement(new
        {
            sealType = "Finance", medium = "Electronic", documentId = document, category = "expense", amount = 10.0, currency = "CNY",
            unattended = true, emergency = false, validForSeconds = 3600,
        }), "authorise-" + grant.InstanceId, grant.InstanceId, "authorise", new EffectOwner(hub.Group.Alpha.Id, grant.OrganisationPath), 1);

        await using var db = NpgsqlDataSource.Create(hub.ConnectionString);
        var decisionsBefore = await CountAsync(db, "SELECT count(*) FROM hub.seal_decisions WHERE seal_id = $1", grant.SealId);

        var first = await handler.HandleAsync(effect, CancellationToken.None);
        var again = await handler.HandleAsync(effect, CancellationToken.None);

        Assert.False(first.Response.GetProperty("succeeded").GetBoolean(), first.Response.ToString());
        Assert.True(SameJson(first.Response, again.Response), $"{first.Response} then {again.Response}");
        Assert.Equal(decisionsBefore + 1, await CountAsync(db, "SELECT count(*) FROM hub.seal_decisions WHERE seal_id = $1", grant.SealId));
        Assert.Equal(1L, await CountAsync(db, "SELECT count(*) FROM hub.seal_use_refusals WHERE effect_key = $1 AND stage = 'authorise'", effect.IdempotencyKey));
        Assert.Equal(1L, await CountAsync(db, "SELECT count(*) FROM hub.evidence_log WHERE kind = 'refusal' AND details::jsonb ->> 'instanceId' = $1",
            grant.InstanceId.ToString()));
    }

    // The stored result comes back from jsonb, which orders keys its own way.
    private static bool SameJson(JsonElement a, JsonElement b) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(a.GetRawText()), System.Text.Json.Nodes.JsonNode.Parse(b.GetRawText()));

    private static string? Code(JsonElement result) =>
        result.GetProperty("succeeded").GetBoolean() ? null : result.GetProperty("explanations")[0].GetProperty("code").GetString();

    private Effect Effect(SealUseGrant grant, string documentId, string key) => new(SealUseKinds.Apply,
        JsonSerializer.SerializeToElement(new { grantId = grant.Id, documentId, placement = "Invisible", keyword = "", page = 1, x = 0, y = 0, level = "BaselineT" }),
        key, grant.InstanceId, "seal", new EffectOwner(hub.Group.Alpha.Id, grant.OrganisationPath), 1);

    /// <summary>A finance seal of Alpha with a Hub CA certificate, an instance, a stored PDF and a single-use grant for it.</summary>
    private async Task<(SealUseGrant Grant, string DocumentId)> ArrangeAsync(TimeSpan? validFor = null)
    {
        await using var db = NpgsqlDataSource.Create(hub.RuntimeConnectionString);
        var alpha = hub.Group.Alpha;
        var admin = hub.Group["hq.admin"].Id;
        // Alpha holds one electronic seal per type: register it once, and reuse it unless a test froze it.
        var seal = await SealStore.FindAsync(db, alpha.Id, SealType.Finance, CancellationToken.None);
        if (seal is null || seal.Status != SealStatus.Active)
        {
            if (seal is not null)
            {
                Assert.Null((await SealStore.ChangeStatusAsync(db, seal.Id, SealStatus.Revoked, "test: a fresh seal", admin, DateTimeOffset.UtcNow, CancellationToken.None)).Refusal);
            }

            var registered = await SealStore.RegisterAsync(db, new Seal
            {
                Id = Guid.NewGuid(), OrganisationId = alpha.Id, OrganisationPath = alpha.Path, OrganisationName = alpha.Name, Type = SealType.Finance,
                Medium = SealMedium.Electronic, Name = $"{alpha.Name} 财务专用章", RegisteredAt = DateTimeOffset.UtcNow,
            }, admin, CancellationToken.None);
            Assert.Null(registered.Refusal);
            var issued = await hub.Service<SealCertificates>().IssueAsync(registered.Value!.Id, admin, CancellationToken.None);
            Assert.Null(issued.Refusal);
            seal = issued.Value!;
        }

        using var member = await hub.SignInAsync("alpha.admin");
        var definition = "seal-use-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(member, alpha.Id, Workflows.WorkflowDocuments.Signal(definition, "never"));
        var instanceId = (await StartAsync(member, alpha.Id, definition, new { })).GetProperty("id").GetGuid();
        var document = await PdfAsync("a claim form " + Guid.NewGuid(), instanceId);
        var now = DateTimeOffset.UtcNow;
        var grant = new SealUseGrant
        {
            Id = Guid.NewGuid(), SealId = seal.Id, OrganisationPath = alpha.Path, DocumentSha256 = document, InstanceId = instanceId,
            DefinitionId = definition, DefinitionVersion = 1, IssuedAt = now, ExpiresAt = now + (validFor ?? TimeSpan.FromHours(1)),
            Request = new SealUseRequest
            {
                SealId = seal.Id, SealType = SealType.Finance, OrganisationId = alpha.Id, OrganisationPath = alpha.Path, OrganisationName = alpha.Name,
                Category = "expense", Unattended = true, At = now,
            },
        };
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await SealUseGrantStore.IssueAsync(connection, transaction, grant, "authorise", "issued-by-" + grant.Id, CancellationToken.None);
        await transaction.CommitAsync();
        return (grant, document);
    }

    /// <summary>Keeps a one-page PDF saying <paramref name="text"/> as Alpha's, generated by the instance; returns its SHA-256.</summary>
    private async Task<string> PdfAsync(string text, Guid instanceId)
    {
        var bytes = OnePagePdf.Saying(text);
        var id = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await hub.Service<DocumentRegister>().RecordGeneratedAsync(new EffectOwner(hub.Group.Alpha.Id, hub.Group.Alpha.Path), bytes,
            new DocumentDescription("claim.pdf", "expense"), instanceId, "generate", CancellationToken.None);
        return id;
    }

    private static async Task<long> CountAsync(NpgsqlDataSource db, string sql, params object[] values)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }
}
