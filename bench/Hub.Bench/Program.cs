using BenchmarkDotNet.Running;

namespace Hub.Bench;

/// <summary>
/// Benchmarks run on demand: <c>dotnet run -c Release --project bench/Hub.Bench -- --filter '*'</c>.
/// Results are written down in bench/RESULTS.md with the command that produced them.
/// </summary>
public static class BenchProgram
{
    public static int Main(string[] args)
    {
        // The workflow bench drives a separate serve process and pgbench under concurrent HTTP load: BenchmarkDotNet's
        // in-process iterations of one method cannot express that, so it has its own Stopwatch harness.
        if (args.Length > 0 && args[0] == "--workflows")
        {
            return WorkflowBench.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        // Sealed documents per second through a serve node against the converter pool's rate: the same harness shape.
        if (args.Length > 0 && args[0] == "--sealing")
        {
            return SealingBench.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }
}
