using BenchmarkDotNet.Running;

namespace Hub.Bench;

/// <summary>
/// Benchmarks run on demand: <c>dotnet run -c Release --project bench/Hub.Bench -- --filter '*'</c>.
/// Results are written down in bench/RESULTS.md with the command that produced them.
/// </summary>
public static class BenchProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
}
