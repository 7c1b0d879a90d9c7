using System.Text.Json;
using Hub.Workflows.Effects;

namespace Hub.Workflows.Tests.Effects;

/// <summary>The relay's lookup: one handler per kind, a clash is a start-up error naming both handlers.</summary>
public sealed class EffectHandlersTests
{
    private sealed class Echo(params string[] kinds) : IEffectHandler
    {
        public IReadOnlyCollection<string> Kinds => kinds;

        public Task<EffectResult> HandleAsync(Effect effect, CancellationToken cancellationToken) =>
            Task.FromResult(EffectResult.Final(effect.Payload));
    }

    private sealed class Other() : IEffectHandler
    {
        public IReadOnlyCollection<string> Kinds => ["documents.generate"];

        public Task<EffectResult> HandleAsync(Effect effect, CancellationToken cancellationToken) =>
            Task.FromResult(EffectResult.Transient(effect.Payload, "not now"));
    }

    [Fact]
    public void Find_RegisteredKinds_ReturnsTheirHandlerAndNullForOthers()
    {
        var echo = new Echo("http", "identity.verify-person");
        var handlers = new EffectHandlers([echo, new Other()]);

        Assert.Same(echo, handlers.Find("identity.verify-person"));
        Assert.IsType<Other>(handlers.Find("documents.generate"));
        Assert.Null(handlers.Find("identity.verify"));
        Assert.Null(handlers.Find("HTTP"));
        Assert.Equal(["documents.generate", "http", "identity.verify-person"], handlers.Kinds);
    }

    [Fact]
    public void Create_TwoHandlersForOneKind_RefusedNamingBoth()
    {
        var error = Assert.Throws<ArgumentException>(() => new EffectHandlers([new Echo("documents.generate"), new Other()]));

        Assert.Contains("'documents.generate'", error.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(Echo).FullName!, error.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(Other).FullName!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BlankKind_Refused()
    {
        Assert.Throws<ArgumentException>(() => new EffectHandlers([new Echo(" ")]));
    }

    [Fact]
    public void Transient_WithoutError_Refused()
    {
        var response = JsonSerializer.SerializeToElement(new { succeeded = false });

        Assert.Throws<ArgumentException>(() => EffectResult.Transient(response, ""));
        Assert.True(EffectResult.Transient(response, "timeout").IsTransient);
        Assert.False(EffectResult.Final(response).IsTransient);
    }

    [Fact]
    public void Owner_Covers_OnlyItsSubtree()
    {
        var owner = new EffectOwner(Guid.NewGuid(), "/g/east/");

        Assert.True(owner.Covers("/g/east/"));
        Assert.True(owner.Covers("/g/east/finance/"));
        Assert.False(owner.Covers("/g/"));
        Assert.False(owner.Covers("/g/eastern/"));
    }
}
