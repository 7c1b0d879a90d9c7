using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Hub.Bench;

/// <summary>
/// One in-process job where each iteration is one document (monitoring strategy: no pilot, no unrolling), so the
/// median and p95 columns are per-document latencies; a cold conversion takes about a second, so 40 iterations
/// suffice. In-process, because the pool's LibreOffice child must live in the measured process.
/// </summary>
public class ConversionPercentileConfig : ManualConfig
{
    public ConversionPercentileConfig()
    {
        AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(40)
            .WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
    }
}
