using System.Text.Json;
using Hub.Activities.Identity.Activities;
using Hub.Activities.Identity.Providers;
using Hub.Activities.Identity.Verification;
using Hub.Server.Identity.Persistence;
using Hub.Server.Workflows;
using Hub.Workflows.Effects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Identity;

/// <summary>
/// The outbox relay's branch for <c>identity.*</c> messages, run for the instance's organisation. The answer is a
/// payload plus a transient error when the provider (or the SMS channel) could not answer now, which the relay
/// retries with backoff and turns into a Delivery incident when attempts run out — a provider timeout never verifies.
/// A person or enterprise outside the instance's organisation subtree is refused: identity records never cross
/// organisations. Verify-person resumes its node with the answer; the two waiting kinds (fresh authentication,
/// enterprise) record a <see cref="WorkflowWait"/> and are signalled when the person answers through the API.
/// </summary>
internal sealed class IdentityDispatch(WorkflowEngine engine, IServiceScopeFactory scopes, IdentitySignals signals, TimeProvider time,
    ILogger<IdentityDispatch> logger) : IEffectHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [VerifyPerson, VerifyEnterprise, FreshAuthentication];

    public async Task<EffectResult> HandleAsync(Effect effect, CancellationToken cancellationToken)
    {
        var (response, transientError) = await CompleteAsync(effect.IdempotencyKey, effect.Kind, effect.Payload.GetRawText(), cancellationToken);
        return transientError is null ? EffectResult.Final(response) : EffectResult.Transient(response, transientError);
    }

    public const string VerifyPerson = "identity.verify-person";
    public const string VerifyEnterprise = "identity.verify-enterprise";
    public const string FreshAuthentication = "identity.fresh-authentication";

    private sealed record Instance(Guid OrganisationId, string Path);

    /// <summary>Whether the relay hands a message of <paramref name="kind"/> here instead of calling HTTP.</summary>
    public static bool Handles(string kind) => kind.StartsWith("identity.", StringComparison.Ordinal);

    /// <summary>Does the work of outbox message <paramref name="idempotencyKey"/> for its instance's organisation.</summary>
    public async Task<(JsonElement Response, string? TransientError)> CompleteAsync(string idempotencyKey, string kind, string payload,
        CancellationToken cancellationToken)
    {
        var instance = await InstanceOfAsync(idempotencyKey, cancellationToken);
        if (instance is null)
        {
            return (JsonSerializer.SerializeToElement(new { status = "Failed", reason = "The instance no longer exists." }), null);
        }

        using var document = JsonDocument.Parse(payload);
        var message = document.RootElement;
        await using var scope = scopes.CreateAsyncScope();
        var work = new Work(idempotencyKey, kind, message, instance, scope.ServiceProvider.GetRequiredService<IdentityService>(),
            scope.ServiceProvider.GetRequiredService<IdentityDbContext>());
        try
        {
            return kind switch
            {
                VerifyPerson => (await VerifyPersonAsync(work, cancellationToken), null),
                FreshAuthentication => (await FreshAuthenticationAsync(work, cancellationToken), null),
                VerifyEnterprise => (await VerifyEnterpriseAsync(work, cancellationToken), null),
                _ => (await RefuseAsync(work, $"The host knows no identity request '{kind}'."), null),
            };
        }
        catch (IdentityProviderException exception) when (exception.IsTransient)
        {
            return (Answer("Failed", reason: exception.Message), exception.Message);
        }
        catch (IdentityRateLimitException exception)
        {
            return (Answer("Failed", reason: exception.Message), exception.Message);
        }
        catch (Exception exception) when (exception is IdentityProviderException or InvalidOperationException or ArgumentException)
        {
            return (await RefuseAsync(work, exception.Message.Split(" (Parameter", 2)[0]), null);
        }
    }

    private sealed record Work(string Key, string Kind, JsonElement Message, Instance Instance, IdentityService Identity, IdentityDbContext Db)
    {
        public string? Text(string name) => Message.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        public Guid Id(string name) => Guid.TryParse(Text(name), out var id) ? id : throw new ArgumentException($"'{name}' is not a UUID.");
    }

    private async Task<JsonElement> VerifyPersonAsync(Work work, CancellationToken cancellationToken)
    {
        var person = await work.Identity.FindPersonAsync(work.Id("personId"), cancellationToken)
            ?? throw new InvalidOperationException($"No person {work.Text("personId")} in the identity store.");
        await RequireInScopeAsync(work, person.OrganisationId, $"Person {person.Id}", cancellationToken);
        var method = Enum.Parse<VerificationMethod>(work.Text("method") ?? nameof(VerificationMethod.ThreeElement));
        var verification = await work.Identity.StartAsync(person, method, new VerificationStart(), PersonVerifier.VerificationPurpose, cancellationToken);
        // Network identity waits for the person's act in the national app, which a flow does not poll for: not verified.
        var status = verification.Status == VerificationStatus.Pending ? VerificationStatus.Failed.ToString() : verification.Status.ToString();
        var reason = verification.Status == VerificationStatus.Pending
            ? "The person must authorise in the national app; complete the verification through the API." : verification.Reason;
        return Answer(status, verification.Id, verification.Status == VerificationStatus.Verified ? verification.Level?.ToString() : null, reason);
    }

    private async Task<JsonElement> FreshAuthenticationAsync(Work work, CancellationToken cancellationToken)
    {
        if (await work.Db.WorkflowWaits.AsNoTracking().SingleOrDefaultAsync(w => w.IdempotencyKey == work.Key, cancellationToken) is { } earlier)
        {
            // A redelivery (lease expired mid-call): the person has their code already; do not send another.
            return JsonSerializer.SerializeToElement(new { status = "Pending", authenticationId = earlier.VerificationId });
        }

        var person = await work.Identity.FindPersonAsync(work.Id("personId"), cancellationToken)
            ?? throw new InvalidOperationException($"No person {work.Text("personId")} in the identity store.");
        await RequireInScopeAsync(work, person.OrganisationId, $"Person {person.Id}", cancellationToken);
        var method = work.Text("method") == nameof(VerificationMethod.UKey) ? VerificationMethod.UKey : VerificationMethod.SmsCode;
        var digest = work.Text("documentSha256") is { Length: 64 } hex ? Convert.FromHexString(hex) : throw new ArgumentException("'documentSha256' is not 64 hex digits.");
        var verification = await work.Identity.StartAsync(person, method, new VerificationStart(), PersonVerifier.SigningPurpose(digest), cancellationToken);
        await WaitAsync(work, verification, cancellationToken);
        return JsonSerializer.SerializeToElement(new { status = "Pending", authenticationId = verification.Id, method = method.ToString() });
    }

    private async Task<JsonElement> VerifyEnterpriseAsync(Work work, CancellationToken cancellationToken)
    {
        if (await work.Db.WorkflowWaits.AsNoTracking().SingleOrDefaultAsync(w => w.IdempotencyKey == work.Key, cancellationToken) is { } earlier)
        {
            return JsonSerializer.SerializeToElement(new { status = "Pending", verificationId = earlier.VerificationId });
        }

        var enterprise = await work.Identity.FindEnterpriseAsync(work.Id("enterpriseId"), cancellationToken)
            ?? throw new InvalidOperationException($"No enterprise {work.Text("enterpriseId")} in the identity store.");
        await RequireInScopeAsync(work, enterprise.OrganisationId, $"Enterprise {enterprise.Id}", cancellationToken);
        if (enterprise.Status == Hub.Activities.Identity.Enterprises.EnterpriseStatus.Verified && enterprise.VerifiedUntil > time.GetUtcNow())
        {
            return await SignalAsync(work, Answer("Verified", enterprise.AuthorisationId, AssuranceLevel.Substantial.ToString()), cancellationToken);
        }

        var (register, authorisation) = await work.Identity.VerifyEnterpriseAsync(enterprise, cancellationToken);
        if (authorisation is null)
        {
            return await SignalAsync(work, Answer(register.Status.ToString(), register.Id, null, register.Reason), cancellationToken);
        }

        await WaitAsync(work, authorisation, cancellationToken);
        return JsonSerializer.SerializeToElement(new { status = "Pending", verificationId = authorisation.Id });
    }

    /// <summary>Links the node to the verification; if the person answered already (between the two saves), signals now.</summary>
    private async Task WaitAsync(Work work, IdentityVerification verification, CancellationToken cancellationToken)
    {
        work.Db.WorkflowWaits.Add(new WorkflowWait
        {
            VerificationId = verification.Id, IdempotencyKey = work.Key, OrganisationId = work.Instance.OrganisationId,
            SignalName = work.Text("signal") ?? throw new ArgumentException("'signal' is missing."),
            CorrelationKey = work.Text("correlationKey") ?? throw new ArgumentException("'correlationKey' is missing."),
            CreatedAt = time.GetUtcNow(),
        });
        await work.Db.SaveChangesAsync(cancellationToken);
        await work.Db.Entry(verification).ReloadAsync(cancellationToken);
        await signals.SignalConcludedAsync(work.Db, verification, cancellationToken);
    }

    private async Task RequireInScopeAsync(Work work, Guid organisationId, string subject, CancellationToken cancellationToken)
    {
        await using var tx = await engine.BeginAsync(cancellationToken);
        await using var command = tx.Command("SELECT path FROM hub.organisations WHERE id = $1", organisationId);
        if (await command.ExecuteScalarAsync(cancellationToken) is not string path || !path.StartsWith(work.Instance.Path, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{subject} belongs to an organisation outside this instance's organisation; identity records never cross organisations.");
        }
    }

    /// <summary>A refusal: the waiting kinds are told through their signal (they wait on nothing else), verify-person by the answer.</summary>
    private async Task<JsonElement> RefuseAsync(Work work, string reason)
    {
        Log.IdentityRequestRefused(logger, work.Key, work.Kind, reason);
        var answer = Answer("Failed", reason: reason);
        return work.Kind == VerifyPerson ? answer : await SignalAsync(work, answer, CancellationToken.None);
    }

    private async Task<JsonElement> SignalAsync(Work work, JsonElement answer, CancellationToken cancellationToken)
    {
        if (work.Text("signal") is { } signal && work.Text("correlationKey") is { } correlationKey)
        {
            await signals.SendAsync(work.Instance.OrganisationId, signal, correlationKey, answer, cancellationToken);
        }

        return answer;
    }

    private static JsonElement Answer(string status, Guid? verificationId = null, string? level = null, string? reason = null) =>
        JsonSerializer.SerializeToElement(new { status, verificationId, level, reason });

    private async Task<Instance?> InstanceOfAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var tx = await engine.BeginAsync(cancellationToken);
        await using var read = tx.Command("""
            SELECT o.id, o.path FROM hub.workflow_outbox m
            JOIN hub.workflow_instances i ON i.id = m.instance_id JOIN hub.organisations o ON o.id = i.organisation_id
            WHERE m.idempotency_key = $1
            """, idempotencyKey);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new Instance(reader.GetGuid(0), reader.GetString(1)) : null;
    }
}
