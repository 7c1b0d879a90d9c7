namespace Hub.Workflows.Activities.Core;

/// <summary>The outbox message CallHttp emits. Payload: <c>method</c>, <c>url</c>, <c>headers</c>, <c>body</c>; the host's
/// handler answers <c>succeeded</c>, <c>status</c> and <c>body</c>.</summary>
public static class HttpEffect
{
    /// <summary>The message kind.</summary>
    public const string Kind = "http";
}
