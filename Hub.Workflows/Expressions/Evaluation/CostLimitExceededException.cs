namespace Hub.Workflows.Expressions.Evaluation;

/// <summary>Aborts an evaluation whose cost budget ran out. Unlike CEL errors this is not a value: <c>true || x</c>
/// must not swallow it, so it unwinds to the facade, which reports it as the result's error.</summary>
internal sealed class CostLimitExceededException(string message) : Exception(message);
