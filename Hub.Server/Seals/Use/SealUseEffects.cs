using System.Security.Cryptography;
using System.Text.Json;
using Hub.Activities.Evidence.Chain;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;
using Hub.Activities.Seals.Use;
using Hub.Server.Evidence;
using Hub.Server.Seals.Policy;
using Hub.Server.Seals.Stores;
using Hub.Workflows.Effects;
using Npgsql;

namespace Hub.Server.Seals.Use;

/// <summary>
/// The effect handler of the seal activities (<see cref="SealUseKinds"/>). Authorise: judges the request against the
/// seal, its standing grants and the group policy with the decisions the Hub recorded, records the decision, and on
/// allow issues a single-use grant — one transaction, with its evidence act. Apply: see <see cref="SealApplication"/>.
/// Refusals are final results the flow routes on; database or TSA trouble is transient, so the relay retries.
/// </summary>
internal sealed class SealUseEffects(NpgsqlDataSource db, SealApplication application, TimeProvider time) : IEffectHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Kinds { get; } = [SealUseKinds.Authorise, SealUseKinds.Apply, SealUseKinds.PhysicalUse];

    /// <inheritdoc/>
    public async Task<EffectResult> HandleAsync(Effect effect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(effect);
        try
        {
            return EffectResult.Final(effect.Kind switch
            {
                SealUseKinds.Authorise => await AuthoriseAsync(effect, cancellationToken),
                SealUseKinds.PhysicalUse => await application.RecordPhysicalAsync(effect, cancellationToken),
                _ => await application.ApplyAsync(effect, cancellationToken),
            });
        }
        catch (Exception e) when (e is Hub.Trust.Signing.PdfSigningException or Hub.Trust.Pdf.PdfFormatException)
        {
            // The document cannot take this seal as asked (no such keyword, a malformed or encrypted PDF): retrying will
            // not help, so the flow gets the refusal outcome with the reason, and the grant stays unused.
            var failed = new Explanation("seal-failed", $"无法盖章：{e.Message}", $"The seal could not be applied: {e.Message}");
            return EffectResult.Final(SealUseRefusals.Result([failed]));
        }
        catch (Exception e) when (e is not (ArgumentException or InvalidOperationException) && !cancellationToken.IsCancellationRequested)
        {
            // The database, the key store or the TSA is unavailable: the relay retries, and opens a Delivery incident
            // carrying this message when attempts run out.
            return EffectResult.Transient(JsonSerializer.SerializeToElement(new { succeeded = false, error = e.Message }), e.Message);
        }
    }

    private async Task<JsonElement> AuthoriseAsync(Effect effect, CancellationToken cancellationToken)
    {
        var ask = effect.Payload.Deserialize<AuthorisePayload>(Json) ?? throw new ArgumentException("The authorise payload is empty.");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A redelivery gets what the first delivery decided, never a second judgement (and a second record) of the same request.
        if (await SealUseGrantStore.FindIssuedByAsync(connection, transaction, effect.IdempotencyKey, cancellationToken) is { } issued)
        {
            return Issued(issued.Grant);
        }

        if (await SealUseRefusalStore.FindAsync(connection, transaction, effect.IdempotencyKey, cancellationToken) is { } refusedBefore)
        {
            return refusedBefore;
        }

        var now = time.GetUtcNow();
        var instance = await SealUseFacts.InstanceAsync(connection, transaction, effect.InstanceId, cancellationToken)
                       ?? throw new InvalidOperationException($"Instance {effect.InstanceId} is gone.");
        if (!Enum.TryParse<SealType>(ask.SealType, out var type))
        {
            throw new ArgumentException($"'{ask.SealType}' is not a seal type.");
        }

        var medium = Enum.TryParse<SealMedium>(ask.Medium, out var m) ? m : SealMedium.Electronic;
        var seal = await SealStore.FindAsync(connection, transaction, instance.LegalEntityId, type, cancellationToken, medium);
        if (seal is null)
        {
            var (zh, en) = medium == SealMedium.Physical ? ("实体", "physical") : ("电子", "electronic");
            var none = new Explanation("no-seal", $"拒绝：{instance.LegalEntityName} 没有登记{zh}{type.Chinese()}",
                $"Refused: {instance.LegalEntityName} has no {en} {type.English()} registered");
            var refused = await SealUseRefusals.RecordAsync(connection, transaction, effect, null, instance.LegalEntityPath, $"organisation:{instance.LegalEntityId}",
                [none], now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return refused;
        }

        var decisions = await InstanceDecisionReads.ReadAsync(connection, transaction, effect.InstanceId, cancellationToken);
        var requesterId = ask.Unattended ? null
            : ask.ConfirmedBy is { Length: > 0 } step ? decisions.LastOrDefault(d => d.Step == step && d.Decision == "approve")?.DeciderId
            : instance.ApplicantId;
        var requester = requesterId is { } id ? await SealUseFacts.PersonAsync(connection, transaction, id, cancellationToken) : null;
        var request = new SealUseRequest
        {
            SealId = seal.Id, SealType = seal.Type, OrganisationId = seal.OrganisationId, OrganisationPath = seal.OrganisationPath,
            OrganisationName = seal.OrganisationName, Category = ask.Category, Amount = ask.Amount is { } a ? (decimal)a : null,
            Currency = ask.Currency ?? "CNY", Counterparty = ask.Counterparty, RequesterId = requester?.Id, RequesterRoles = requester?.Roles ?? [],
            RequesterDepartmentPath = requester?.DepartmentPath, DefinitionId = instance.DefinitionId, Approvals = decisions,
            Unattended = ask.Unattended, Emergency = ask.Emergency, At = now,
        };
        var grants = await SealGrantStore.InForceAsync(connection, transaction, seal.Id, now, cancellationToken);
        var rules = await SealPolicyStore.RulesAlongPathAsync(connection, transaction, seal.OrganisationPath, cancellationToken);
        var decision = SealUseDecider.Decide(request, seal, grants, rules);
        await SealDecisionStore.RecordAsync(connection, transaction, request, decision, now, cancellationToken);
        if (!decision.Allowed)
        {
            var refused = await SealUseRefusals.RecordAsync(connection, transaction, effect, seal.Id, seal.OrganisationPath, $"seal:{seal.Id}",
                decision.Explanations, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return refused;
        }

        var grant = new SealUseGrant
        {
            Id = Guid.CreateVersion7(now), SealId = seal.Id, OrganisationPath = seal.OrganisationPath, DocumentSha256 = ask.DocumentId,
            InstanceId = effect.InstanceId, DefinitionId = instance.DefinitionId, DefinitionVersion = instance.DefinitionVersion,
            StandingGrantId = decision.StandingGrantId, RuleIds = decision.RuleIds, Explanations = decision.Explanations, Decisions = decisions,
            Request = request, IssuedAt = now, ExpiresAt = now.AddSeconds(ask.ValidForSeconds),
        };
        await SealUseGrantStore.IssueAsync(connection, transaction, grant, effect.NodeId, effect.IdempotencyKey, cancellationToken);
        await EvidenceLogStore.AppendAsync(connection, transaction, new EvidenceAct(EvidenceKinds.Grant, seal.OrganisationPath, requester?.Id,
            $"seal-use-grant:{grant.Id}", JsonSerializer.SerializeToElement(new
            {
                grantId = grant.Id, sealId = seal.Id, instanceId = effect.InstanceId, documentSha256 = grant.DocumentSha256,
                standingGrantId = grant.StandingGrantId, ruleIds = grant.RuleIds, expiresAt = grant.ExpiresAt, unattended = ask.Unattended,
                emergency = ask.Emergency, decisions = decisions.Select(d => new { d.Step, d.Decision, d.DeciderId, d.DecidedAt }),
            }, Json)), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Issued(grant);
    }

    private static JsonElement Issued(SealUseGrant grant) => JsonSerializer.SerializeToElement(new
    {
        succeeded = true, grantId = grant.Id, sealId = grant.SealId, documentId = grant.DocumentSha256, expiresAt = grant.ExpiresAt,
        explanations = grant.Explanations,
    }, Json);

    private sealed record AuthorisePayload(string SealType, string? Medium, string DocumentId, string Category, double? Amount, string? Currency, string? Counterparty,
        bool Unattended, bool Emergency, string? ConfirmedBy, long ValidForSeconds);
}
