using System.Reflection;
using Hub.Workflows.Expressions;

namespace Hub.Workflows.Tests.Expressions;

/// <summary>Keeps the expression facade small: a new public type or member must be added here on purpose.</summary>
public sealed class CelPublicSurfaceTests
{
    [Fact]
    public void PublicTypes_OfExpressionsNamespace_AreExactlyTheFacade()
    {
        var types = typeof(CelExpression).Assembly.GetExportedTypes()
            .Where(t => t.Namespace?.StartsWith("Hub.Workflows.Expressions", StringComparison.Ordinal) == true)
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(
        [
            "Hub.Workflows.Expressions.CelActivation",
            "Hub.Workflows.Expressions.CelCompileResult",
            "Hub.Workflows.Expressions.CelDiagnostic",
            "Hub.Workflows.Expressions.CelEnvironment",
            "Hub.Workflows.Expressions.CelEvaluationResult",
            "Hub.Workflows.Expressions.CelExpression",
            "Hub.Workflows.Expressions.CelLimits",
        ], types);
    }

    [Fact]
    public void PublicMethods_OfCelExpression_AreCompileAndEvaluate()
    {
        var methods = typeof(CelExpression).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName)
            .Select(m => m.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(["Compile", "Evaluate"], methods);
    }
}
