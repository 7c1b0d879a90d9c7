namespace Hub.Workflows.Expressions.Types;

/// <summary>One signature of a function: receiver-style (<c>s.startsWith(p)</c>) or global (<c>size(s)</c>).</summary>
internal sealed record Overload(string Function, bool Receiver, IReadOnlyList<CelType> Parameters, CelType Result);
