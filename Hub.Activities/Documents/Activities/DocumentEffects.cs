using System.Text.Json;
using Hub.Workflows.Effects;

namespace Hub.Activities.Documents.Activities;

/// <summary>
/// The effect handler of the document activities (<see cref="DocumentWorkKinds"/>): runs <see cref="DocumentWork"/> for
/// the instance's organisation. Refusals the flow handles (data that does not fit, an archive refusal) resume the node
/// on its Failed outcome; anything else (LibreOffice missing, disk or database trouble) is transient, so the relay
/// retries it and opens a Delivery incident carrying the message when attempts run out.
/// </summary>
public sealed class DocumentEffects(IDocumentWorkSource source) : IEffectHandler
{
    /// <inheritdoc/>
    public IReadOnlyCollection<string> Kinds { get; } = [DocumentWorkKinds.Generate, DocumentWorkKinds.Archive, DocumentWorkKinds.EvidenceReport];

    /// <inheritdoc/>
    public async Task<EffectResult> HandleAsync(Effect effect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(effect);
        try
        {
            var work = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
            return EffectResult.Final(await work.CompleteAsync(effect, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Not a refusal DocumentWork answers itself: retrying may help (LibreOffice installed, disk freed), and if it
            // does not, the incident carries this message.
            return EffectResult.Transient(JsonSerializer.SerializeToElement(new { succeeded = false, error = e.Message }), e.Message);
        }
    }
}
