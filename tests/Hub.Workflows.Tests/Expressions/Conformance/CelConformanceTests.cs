using System.Text;
using Hub.Workflows.Tests.Expressions.Conformance;
using Xunit.Abstractions;

namespace Hub.Workflows.Tests.Expressions;

/// <summary>Runs the cel-spec "simple" conformance files that cover the Hub's subset. Every case passes or is in
/// conformance-skips.txt with a reason; a skipped case that passes fails the suite, so the list stays honest.</summary>
public sealed class CelConformanceTests(ITestOutputHelper output)
{
    private static readonly string[] Files =
    [
        "basic", "comparisons", "logic", "integer_math", "fp_math", "string", "lists", "macros", "fields",
        "timestamps", "parse",
    ];

    [Fact]
    public void Conformance_SelectedFiles_EveryCasePassesOrIsSkipListed()
    {
        var data = SharedData.Require("data/cel-spec", output);
        if (data is null)
        {
            return;
        }

        var skips = SkipList.Load(Path.Combine(SharedData.RepositoryRoot(),
            "tests", "Hub.Workflows.Tests", "Expressions", "conformance-skips.txt"));
        var summary = new StringBuilder("CEL conformance (cel-spec simple tests)\n");
        var problems = new List<string>();
        int totalPassed = 0, totalSkipped = 0;
        foreach (var file in Files)
        {
            var parsed = TextProtoReader.Parse(File.ReadAllText(Path.Combine(data, file + ".textproto")));
            int passed = 0, skipped = 0, failed = 0;
            foreach (var section in parsed.All("section").Select(s => s.Message!))
            {
                var sectionName = section.Text("name")!;
                foreach (var test in section.All("test").Select(t => t.Message!))
                {
                    var name = test.Text("name")!;
                    var id = $"{file}/{sectionName}/{name}";
                    var failure = Run(test);
                    var reason = skips.Reason(file, sectionName, name);
                    if (reason is not null)
                    {
                        skipped++;
                        if (failure is null)
                        {
                            problems.Add($"{id}: listed as skipped ({reason}) but passes; remove it from the skip file");
                        }
                    }
                    else if (failure is null)
                    {
                        passed++;
                    }
                    else
                    {
                        failed++;
                        problems.Add($"{id}: {failure}   [{test.Text("expr")}]");
                    }
                }
            }

            totalPassed += passed;
            totalSkipped += skipped;
            summary.AppendLine($"  {file,-13} passed {passed,4}  skipped {skipped,4}  failed {failed,4}");
        }

        summary.AppendLine($"  {"total",-13} passed {totalPassed,4}  skipped {totalSkipped,4}  failed {problems.Count(p => !p.Contains(" but passes", StringComparison.Ordinal))}");
        problems.AddRange(skips.Unused.Select(u => $"skip entry '{u}' matches no case"));
        output.WriteLine(summary.ToString());
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "cel-conformance-summary.txt"), summary.ToString());
        foreach (var problem in problems)
        {
            output.WriteLine(problem);
        }

        Assert.True(problems.Count == 0, $"{problems.Count} conformance problems:\n{string.Join('\n', problems.Take(60))}");
    }

    private static string? Run(TextMessage test)
    {
        try
        {
            return ConformanceRunner.Run(test);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An exception escaping the library is itself a defect: report it as this case's failure.
            return $"threw {e.GetType().Name}: {e.Message}";
        }
    }
}
