namespace Hub.Workflows.Definitions;

/// <summary>The codes of <see cref="DefinitionProblem"/>; stable, because the designer keys its overlays on them.</summary>
public static class DefinitionProblemCodes
{
    /// <summary>A node names an activity type the registry does not know.</summary>
    public const string UnknownActivityType = "unknown-activity-type";

    /// <summary>A required input has no value.</summary>
    public const string MissingRequiredInput = "missing-required-input";

    /// <summary>A literal does not fit the input's type.</summary>
    public const string WrongLiteralType = "wrong-literal-type";

    /// <summary>A node sets an input its activity does not have.</summary>
    public const string UnknownInput = "unknown-input";

    /// <summary>A node maps an output its activity does not have, or into an undeclared variable.</summary>
    public const string UnknownOutput = "unknown-output";

    /// <summary>A connection's source or target node does not exist.</summary>
    public const string DanglingEdge = "dangling-edge";

    /// <summary>The same source, outcome and target appear twice.</summary>
    public const string DuplicateEdge = "duplicate-edge";

    /// <summary>A connection leaves from an outcome the source activity does not have.</summary>
    public const string UnknownOutcome = "unknown-outcome";

    /// <summary>There is no Start node.</summary>
    public const string NoStart = "no-start";

    /// <summary>There is more than one Start node.</summary>
    public const string SeveralStarts = "several-starts";

    /// <summary>A Start node has an inbound connection.</summary>
    public const string StartHasInbound = "start-has-inbound";

    /// <summary>No path from Start reaches the node.</summary>
    public const string UnreachableNode = "unreachable-node";

    /// <summary>A cycle none of whose connections is marked as a back-edge.</summary>
    public const string UnmarkedCycle = "unmarked-cycle";

    /// <summary>A back-edge whose target cannot reach its source, or a loop body entered or left other than through
    /// its head and tail.</summary>
    public const string MalformedLoop = "malformed-loop";

    /// <summary>A join that can never fire (see docs/workflow-format.md, "Joins").</summary>
    public const string JoinNeverFires = "join-never-fires";

    /// <summary>An expression that does not parse or type-check, or whose type does not fit its input.</summary>
    public const string ExpressionInvalid = "expression-invalid";

    /// <summary>An input that must be a literal (e.g. a join's mode) is an expression.</summary>
    public const string LiteralRequired = "literal-required";

    /// <summary>Two variables share a name, or a variable's default does not fit.</summary>
    public const string InvalidVariable = "invalid-variable";

    /// <summary>An approval candidate no directory could ever resolve: an unknown kind, role, position or scope.</summary>
    public const string UnresolvableCandidate = "unresolvable-candidate";

    /// <summary>The input schema uses a keyword the Hub does not apply, or a keyword's value is malformed
    /// (docs/workflow-format.md, "Input schema").</summary>
    public const string InvalidInputSchema = "invalid-input-schema";
}
