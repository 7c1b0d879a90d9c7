namespace Hub.Workflows.Effects;

/// <summary>
/// Performs the outbox messages of the kinds it declares. A module registers one handler per capability (documents,
/// identity, a connector); the relay looks the kind up in <see cref="EffectHandlers"/> and knows no module.
/// </summary>
/// <remarks>A handler may be called more than once for one <see cref="Effect.IdempotencyKey"/> (a node died
/// mid-call and its lease expired), so it must make a repeat harmless: pass the key to the system it calls, or look
/// for its own earlier result first. It throws only for programming errors; everything the world can do to it is an
/// <see cref="EffectResult"/>.</remarks>
public interface IEffectHandler
{
    /// <summary>The message kinds this handler performs, each declared once next to the activity that emits it.</summary>
    IReadOnlyCollection<string> Kinds { get; }

    /// <summary>Does the work of <paramref name="effect"/> for its owner and says whether the node may resume.</summary>
    Task<EffectResult> HandleAsync(Effect effect, CancellationToken cancellationToken);
}
