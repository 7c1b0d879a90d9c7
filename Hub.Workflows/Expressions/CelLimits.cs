namespace Hub.Workflows.Expressions;

/// <summary>Bounds that keep hostile or careless expressions and inputs from running long or growing large.
/// The defaults suit approval conditions over documents with a few thousand line items.</summary>
public sealed record CelLimits
{
    /// <summary>The default limits.</summary>
    public static CelLimits Default { get; } = new();

    /// <summary>Longest accepted source text, in UTF-16 characters; longer sources are refused at compile. Default 4,096.</summary>
    public int MaxSourceLength { get; init; } = 4096;

    /// <summary>Deepest accepted nesting of sub-expressions (parentheses, arguments, list and map elements, unary
    /// chains); the syntax tree, which long operator chains make tall, may be at most four times this high.
    /// Deeper sources are refused at compile. Default 64.</summary>
    public int MaxNestingDepth { get; init; } = 64;

    /// <summary>Evaluation budget in steps: one per expression node visited and per comprehension iteration, plus one
    /// per 16 characters or elements that an operation touches. Exceeding it stops the evaluation with an error.
    /// Default 100,000.</summary>
    public long MaxCost { get; init; } = 100_000;

    /// <summary>Longest string or bytes value an evaluation may produce, in characters or bytes. Default 100,000.</summary>
    public int MaxStringLength { get; init; } = 100_000;

    /// <summary>Longest list an evaluation may produce (by <c>+</c>, <c>map</c> or <c>filter</c>). Default 10,000.</summary>
    public int MaxListLength { get; init; } = 10_000;

    /// <summary>Most JSON values (objects, arrays and scalars together) bound from one activation. Default 100,000.</summary>
    public int MaxInputValues { get; init; } = 100_000;

    /// <summary>Deepest nesting of bound JSON input. Default 64.</summary>
    public int MaxInputDepth { get; init; } = 64;

    /// <summary>Longest regular expression accepted by <c>matches</c>, in characters. Default 1,000.</summary>
    public int MaxPatternLength { get; init; } = 1000;
}
