using System.Security.Cryptography;
using System.Text.Json;
using Hub.Activities.Documents.Records;
using Hub.Activities.Seals.Use;
using Hub.Server.Documents;
using Hub.Server.Seals.Personal;
using Hub.Server.Tests.Identity;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Trust;
using Hub.Trust.Verification;
using Hub.Workflows.Effects;
using Npgsql;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Seals;

/// <summary>
/// The personal-signature effect (PersonalSignatureEffects) on a real database with real keys, certificates, SMS codes,
/// timestamps and PDFs: one fresh authentication made for a document's bytes signs that document once, with the person's
/// own certificate; a redelivery returns the same signed document and records one key use; an authentication made for
/// another document, or a person outside the instance's organisation, signs nothing.
/// </summary>
public sealed class PersonalSignatureTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task Sign_RedeliveredWhileAndAfterItsUse_ReturnsTheSameSignedDocumentAndRecordsOneKeyUse()
    {
        var (person, certificate, instanceId, documentId) = await ArrangeAsync();
        var authentication = await AuthenticateAsync(person, documentId);
        var handler = hub.Service<PersonalSignatureEffects>();
        var effect = Effect(instanceId, documentId, person.Id, authentication, "the-effect");

        // Two deliveries racing (a lease that expired mid-call), then one after both settled.
        var racing = await Task.WhenAll(handler.HandleAsync(effect, CancellationToken.None), handler.HandleAsync(effect, CancellationToken.None));
        var after = await handler.HandleAsync(effect, CancellationToken.None);

        var results = racing.Append(after).ToList();
        Assert.All(results, r => Assert.True(!r.IsTransient && r.Response.GetProperty("succeeded").GetBoolean(), r.Response.ToString()));
        var signedId = results[0].Response.GetProperty("documentId").GetString()!;
        Assert.All(results, r => Assert.Equal(signedId, r.Response.GetProperty("documentId").GetString()));
        await using var db = NpgsqlDataSource.Create(hub.ConnectionString);
        Assert.Equal(1L, await CountAsync(db, "SELECT count(*) FROM identity.signing_key_uses WHERE authentication_id = $1", authentication));
        Assert.Equal(1L, await CountAsync(db, "SELECT count(*) FROM hub.personal_signatures WHERE effect_key = $1", effect.IdempotencyKey));
        Assert.Equal(1L, await CountAsync(db, "SELECT count(*) FROM hub.evidence_log WHERE kind = 'personal-signature' AND subject = $1", $"document:{signedId}"));

        var signed = await hub.Service<HubDocumentWorkspace>().GetAsync(signedId, CancellationToken.None);
        Assert.Equal(signedId, Convert.ToHexStringLower(SHA256.HashData(signed)));
        var chain = await hub.Service<HubTrust>().EnsureAuthorityAsync(CancellationToken.None);
        var verdict = Assert.Single(new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = [chain.Root] }).Verify(signed));
        Assert.True(verdict.IsAcceptable, string.Join("; ", verdict.Problems));
        Assert.True(verdict.TimestampValid);
        Assert.Equal(certificate, verdict.SigningCertificate!.SerialNumber, StringComparer.OrdinalIgnoreCase);
        var record = await hub.Service<DocumentRegister>().AuthoriseAsync(Owner, signedId, CancellationToken.None);
        Assert.Equal(documentId, record.DerivedFrom);
    }

    [Fact]
    public async Task Sign_AuthenticationMadeForAnotherDocument_IsRefusedAndSignsNothing()
    {
        var (person, _, instanceId, documentId) = await ArrangeAsync();
        var otherDocument = await PdfAsync("another contract " + Guid.NewGuid(), instanceId);
        var authentication = await AuthenticateAsync(person, otherDocument);

        var wrong = Effect(instanceId, documentId, person.Id, authentication, "wrong-document");
        var result = await hub.Service<PersonalSignatureEffects>().HandleAsync(wrong, CancellationToken.None);

        Assert.False(result.IsTransient);
        Assert.False(result.Response.GetProperty("succeeded").GetBoolean());
        Assert.Contains("made for another signing", result.Response.GetProperty("error").GetString(), StringComparison.Ordinal);
        await using var db = NpgsqlDataSource.Create(hub.ConnectionString);
        Assert.Equal(0L, await CountAsync(db, "SELECT count(*) FROM identity.signing_key_uses WHERE authentication_id = $1", authentication));
        Assert.Equal(0L, await CountAsync(db, "SELECT count(*) FROM identity.verifications WHERE id = $1 AND consumed_at IS NOT NULL", authentication));
        Assert.Equal(1L, await CountAsync(db,
            "SELECT count(*) FROM hub.evidence_log WHERE kind = 'refusal' AND subject = $1 AND details::jsonb ->> 'stage' = 'personal-signature'",
            $"instance:{instanceId}"));

        // Redelivered, the refusal is the same answer, recorded once.
        var again = await hub.Service<PersonalSignatureEffects>().HandleAsync(wrong, CancellationToken.None);
        Assert.Equal(result.Response.GetProperty("error").GetString(), again.Response.GetProperty("error").GetString());
        Assert.Equal(1L, await CountAsync(db, "SELECT count(*) FROM hub.seal_use_refusals WHERE instance_id = $1 AND stage = 'personal-signature'", instanceId));

        // The same authentication still signs the document it was made for: the refusal consumed nothing.
        var right = await hub.Service<PersonalSignatureEffects>().HandleAsync(Effect(instanceId, otherDocument, person.Id, authentication, "right-document"),
            CancellationToken.None);
        Assert.True(right.Response.GetProperty("succeeded").GetBoolean(), right.Response.ToString());
    }

    [Fact]
    public async Task Sign_PersonOfAnotherOrganisation_IsRefused()
    {
        var (person, _, _, documentId) = await ArrangeAsync();
        var authentication = await AuthenticateAsync(person, documentId);
        using var beta = await hub.SignInAsync("beta.admin");
        var definition = "personal-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(beta, hub.Group.Beta.Id, Workflows.WorkflowDocuments.Signal(definition, "never"));
        var betaInstance = (await StartAsync(beta, hub.Group.Beta.Id, definition, new { })).GetProperty("id").GetGuid();

        var result = await hub.Service<PersonalSignatureEffects>().HandleAsync(
            Effect(betaInstance, documentId, person.Id, authentication, "other-organisation") with { Owner = new EffectOwner(hub.Group.Beta.Id, hub.Group.Beta.Path) },
            CancellationToken.None);

        Assert.False(result.Response.GetProperty("succeeded").GetBoolean(), result.Response.ToString());
        await using var db = NpgsqlDataSource.Create(hub.ConnectionString);
        Assert.Equal(0L, await CountAsync(db, "SELECT count(*) FROM identity.signing_key_uses WHERE authentication_id = $1", authentication));
    }

    private EffectOwner Owner => new(hub.Group.Alpha.Id, hub.Group.Alpha.Path);

    private Effect Effect(Guid instanceId, string documentId, Guid personId, Guid authenticationId, string key) =>
        new(SealUseKinds.PersonalSignature, JsonSerializer.SerializeToElement(new
        {
            documentId, personId, authenticationId, keyword = "contract", page = 1, reason = "test",
        }), $"{key}-{Guid.NewGuid():N}", instanceId, "sign", Owner, 1);

    /// <summary>A verified person of Alpha with a Hub-held certificate (its serial), an instance of Alpha and a PDF it made.</summary>
    private async Task<(TestPerson Person, string Certificate, Guid InstanceId, string DocumentId)> ArrangeAsync()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id, name: "赵小六");
        Assert.Equal("Verified", (await TestPerson.StartAsync(admin, person.Id, new { method = "ThreeElement" })).GetProperty("status").GetString());
        var certificate = (await TestPerson.PostAsync(admin, $"/api/identity/persons/{person.Id}/certificates", new { })).GetProperty("serialNumber").GetString()!;
        var definition = "personal-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(admin, hub.Group.Alpha.Id, Workflows.WorkflowDocuments.Signal(definition, "never"));
        var instanceId = (await StartAsync(admin, hub.Group.Alpha.Id, definition, new { })).GetProperty("id").GetGuid();
        return (person, certificate, instanceId, await PdfAsync("a labour contract " + Guid.NewGuid(), instanceId));
    }

    /// <summary>The person's fresh SMS authentication for <paramref name="documentId"/>, answered with the code they received.</summary>
    private async Task<Guid> AuthenticateAsync(TestPerson person, string documentId)
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var started = await TestPerson.StartAsync(admin, person.Id, new { method = "SmsCode", documentSha256 = documentId });
        var id = started.GetProperty("id").GetGuid();
        var done = await TestPerson.PostAsync(admin, $"/api/identity/verifications/{id}/complete", new { code = TestPerson.LastCode(hub, person.Id) });
        Assert.Equal("Verified", done.GetProperty("status").GetString());
        return id;
    }

    /// <summary>Keeps a one-page PDF saying <paramref name="text"/> as Alpha's, generated by the instance; returns its SHA-256.</summary>
    private async Task<string> PdfAsync(string text, Guid instanceId)
    {
        var bytes = OnePagePdf.Saying(text);
        await hub.Service<DocumentRegister>().RecordGeneratedAsync(Owner, bytes, new DocumentDescription("contract.pdf", "labour-contract"), instanceId, "generate",
            CancellationToken.None);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
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
