using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/CommunityFund.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(CommunityFund.Benchmarks.MoneyBenchmarks).Assembly).Run(args);
