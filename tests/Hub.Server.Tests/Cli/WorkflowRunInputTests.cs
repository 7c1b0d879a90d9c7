namespace Hub.Server.Tests.Cli;

/// <summary><c>hub workflow run</c> refuses an input that does not fit the definition's input schema or the size
/// limits with one plain line per problem and exit 2, before the Hub's database is started or written.</summary>
[Collection(nameof(PdfCommandTests))]
public sealed class WorkflowRunInputTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("hub-run-input-").FullName;

    private static string Expense => Path.Combine(SharedData.RepositoryRoot(), "workflows", "expense-reimbursement.json");

    [Theory]
    [InlineData("""{"amount":"六万"}""", "--input $.requestNo: is required|--input $.form: is required|--input $.amount: must be a number, not a string")]
    [InlineData("{}", "--input $.requestNo: is required|--input $.amount: is required|--input $.form: is required")]
    [InlineData("""{"requestNo":"BX-1","amount":1.0,"form":{"items":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}""",
        "--input $.form.items[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: the value nests deeper than 32 levels")]
    public async Task Run_InputThatDoesNotFit_PrintsOneLinePerProblemExitsTwoAndWritesNothing(string input, string expected)
    {
        var (exit, output, error) = await InProcessCommandLine.RunAsync("workflow", "run", Expense, "--input", input, "--data-dir", _data);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("hub: --input does not fit 'expense-reimbursement':", lines[0]);
        Assert.Equal(expected.Split('|'), lines[1..]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_data));
    }

    [Fact]
    public async Task Run_StringOverTheLimit_IsRefusedWithItsLength()
    {
        var input = "{\"requestNo\":\"" + new string('报', 10_001) + "\",\"amount\":1.0,\"form\":{}}";

        var (exit, _, error) = await InProcessCommandLine.RunAsync("workflow", "run", Expense, "--input", input, "--data-dir", _data);

        Assert.Equal(2, exit);
        Assert.Contains("--input $.requestNo: the text is 10001 characters long; at most 10000 are accepted", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
