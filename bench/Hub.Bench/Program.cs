using BenchmarkDotNet.Running;

// Benchmarks run on demand: dotnet run -c Release --project bench/Hub.Bench -- --filter '*'
// Results are written down in bench/RESULTS.md with the command that produced them.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
