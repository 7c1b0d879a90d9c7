using System.Text.Json;
using Hub.Activities.Identity.Activities;
using Hub.Activities.Identity.Enterprises;
using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Verification;
using Hub.Workflows.Effects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.Activities.Identity;

/// <summary>
/// Performs the identity activities' outbox messages for the instance's owner. A provider (or SMS channel) that could
/// not answer now is a transient result, which the relay retries and turns into a Delivery incident when attempts run
/// out — a provider timeout never verifies. A person or enterprise outside the owner's subtree is refused: identity
/// records never cross organisations. Verify-person resumes its node with the answer; the two waiting kinds (fresh
/// authentication, enterprise) link the node to the verification and are signalled when the person answers.
/// </summary>
internal sealed class IdentityEffects(IServiceScopeFactory scopes, TimeProvider time, ILogger<IdentityEffects> logger) : IEffectHandler
{
    public IReadOnlyCollection<string> Kinds { get; } =
        [VerifyPersonActivity.EffectKind, VerifyEnterpriseActivity.EffectKind, RequireFreshAuthenticationActivity.EffectKind];

    public async Task<EffectResult> HandleAsync(Effect effect, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var work = new Work(effect, scope.ServiceProvider);
        try
        {
            return EffectResult.Final(effect.Kind switch
            {
                VerifyPersonActivity.EffectKind => await VerifyPersonAsync(work, cancellationToken),
                RequireFreshAuthenticationActivity.EffectKind => await FreshAuthenticationAsync(work, cancellationToken),
                VerifyEnterpriseActivity.EffectKind => await VerifyEnterpriseAsync(work, cancellationToken),
                _ => await RefuseAsync(work, $"The host knows no identity request '{effect.Kind}'."),
            });
        }
        catch (IdentityException exception) when (exception.Failure is IdentityFailure.ProviderUnavailable or IdentityFailure.RateLimited)
        {
            return EffectResult.Transient(IdentityAnswers.Answer("Failed", reason: exception.Message), exception.Message);
        }
        catch (IdentityException exception)
        {
            return EffectResult.Final(await RefuseAsync(work, exception.Message));
        }
    }

    /// <summary>One message being performed, with the scope's use cases.</summary>
    private sealed class Work(Effect effect, IServiceProvider services)
    {
        public Effect Effect { get; } = effect;

        public IIdentityStore Store { get; } = services.GetRequiredService<IIdentityStore>();

        public IIdentityWaits Waits { get; } = services.GetRequiredService<IIdentityWaits>();

        public PersonVerifications Verifications { get; } = services.GetRequiredService<PersonVerifications>();

        public EnterpriseRegistry Enterprises { get; } = services.GetRequiredService<EnterpriseRegistry>();

        public string? Text(string name) =>
            Effect.Payload.ValueKind == JsonValueKind.Object && Effect.Payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        public string Required(string name) => Text(name) ?? throw new IdentityException(IdentityFailure.InvalidInput, $"'{name}' is missing.");

        public Guid Id(string name) =>
            Guid.TryParse(Text(name), out var id) ? id : throw new IdentityException(IdentityFailure.InvalidInput, $"'{name}' is not a UUID.");
    }

    private static async Task<JsonElement> VerifyPersonAsync(Work work, CancellationToken cancellationToken)
    {
        var person = await PersonInScopeAsync(work, cancellationToken);
        var text = work.Text("method") ?? nameof(VerificationMethod.ThreeElement);
        if (!Enum.TryParse<VerificationMethod>(text, out var method))
        {
            throw new IdentityException(IdentityFailure.InvalidInput, $"'{text}' is not a verification method.");
        }

        var verification = await work.Verifications.StartAsync(person, method, new VerificationStart(), VerificationPurposes.Identity, cancellationToken);
        // Network identity waits for the person's act in the national app, which a flow does not poll for: not verified.
        var pending = verification.Status == VerificationStatus.Pending;
        return IdentityAnswers.Answer(pending ? nameof(VerificationStatus.Failed) : verification.Status.ToString(), verification.Id,
            verification.Status == VerificationStatus.Verified ? verification.Level?.ToString() : null,
            pending ? "The person must authorise in the national app; complete the verification through the API." : verification.Reason);
    }

    private static async Task<JsonElement> FreshAuthenticationAsync(Work work, CancellationToken cancellationToken)
    {
        if (await work.Waits.VerificationWaitedForAsync(work.Effect.IdempotencyKey, cancellationToken) is { } earlier)
        {
            // A redelivery (lease expired mid-call): the person has their code already; do not send another.
            return IdentityAnswers.Pending("authenticationId", earlier);
        }

        var person = await PersonInScopeAsync(work, cancellationToken);
        var method = work.Text("method") == nameof(VerificationMethod.UKey) ? VerificationMethod.UKey : VerificationMethod.SmsCode;
        var digest = work.Text("documentSha256") is { Length: 64 } hex && hex.All(char.IsAsciiHexDigit)
            ? Convert.FromHexString(hex)
            : throw new IdentityException(IdentityFailure.InvalidInput, "'documentSha256' is not 64 hex digits.");
        var (signal, correlationKey) = (work.Required("signal"), work.Required("correlationKey"));
        var verification = await work.Verifications.StartAsync(person, method, new VerificationStart(), VerificationPurposes.Signing(digest),
            cancellationToken);
        await work.Waits.WaitAsync(verification, work.Effect.IdempotencyKey, work.Effect.Owner, signal, correlationKey, cancellationToken);
        return IdentityAnswers.Pending("authenticationId", verification.Id, method.ToString());
    }

    private async Task<JsonElement> VerifyEnterpriseAsync(Work work, CancellationToken cancellationToken)
    {
        if (await work.Waits.VerificationWaitedForAsync(work.Effect.IdempotencyKey, cancellationToken) is { } earlier)
        {
            return IdentityAnswers.Pending("verificationId", earlier);
        }

        var enterpriseId = work.Id("enterpriseId");
        var enterprise = await work.Enterprises.FindAsync(enterpriseId, cancellationToken)
            ?? throw new IdentityException(IdentityFailure.NotFound, $"No enterprise {enterpriseId} in the identity store.");
        await RequireInScopeAsync(work, enterprise.OrganisationId, $"Enterprise {enterprise.Id}", cancellationToken);
        if (enterprise.Status == EnterpriseStatus.Verified && enterprise.VerifiedUntil > time.GetUtcNow())
        {
            return await SignalAsync(work, IdentityAnswers.Answer(nameof(VerificationStatus.Verified), enterprise.AuthorisationId,
                nameof(AssuranceLevel.Substantial)), cancellationToken);
        }

        var (register, authorisation) = await work.Enterprises.VerifyAsync(enterprise, cancellationToken);
        if (authorisation is null)
        {
            return await SignalAsync(work, IdentityAnswers.Answer(register.Status.ToString(), register.Id, null, register.Reason), cancellationToken);
        }

        await work.Waits.WaitAsync(authorisation, work.Effect.IdempotencyKey, work.Effect.Owner, work.Required("signal"),
            work.Required("correlationKey"), cancellationToken);
        return IdentityAnswers.Pending("verificationId", authorisation.Id);
    }

    private static async Task<Person> PersonInScopeAsync(Work work, CancellationToken cancellationToken)
    {
        var personId = work.Id("personId");
        var person = await work.Store.FindPersonAsync(personId, cancellationToken)
            ?? throw new IdentityException(IdentityFailure.NotFound, $"No person {personId} in the identity store.");
        await RequireInScopeAsync(work, person.OrganisationId, $"Person {person.Id}", cancellationToken);
        return person;
    }

    private static async Task RequireInScopeAsync(Work work, Guid organisationId, string subject, CancellationToken cancellationToken)
    {
        if (await work.Store.OrganisationPathAsync(organisationId, cancellationToken) is not { } path || !work.Effect.Owner.Covers(path))
        {
            throw new IdentityException(IdentityFailure.OutOfScope,
                $"{subject} belongs to an organisation outside this instance's organisation; identity records never cross organisations.");
        }
    }

    /// <summary>A refusal: the waiting kinds are told through their signal (they wait on nothing else), verify-person by the answer.</summary>
    private async Task<JsonElement> RefuseAsync(Work work, string reason)
    {
        Log.IdentityRequestRefused(logger, work.Effect.IdempotencyKey, work.Effect.Kind, reason);
        var answer = IdentityAnswers.Answer(nameof(VerificationStatus.Failed), reason: reason);
        return work.Effect.Kind == VerifyPersonActivity.EffectKind ? answer : await SignalAsync(work, answer, CancellationToken.None);
    }

    private static async Task<JsonElement> SignalAsync(Work work, JsonElement answer, CancellationToken cancellationToken)
    {
        if (work.Text("signal") is { } signal && work.Text("correlationKey") is { } correlationKey)
        {
            await work.Waits.SendAsync(work.Effect.Owner, signal, correlationKey, answer, cancellationToken);
        }

        return answer;
    }
}
