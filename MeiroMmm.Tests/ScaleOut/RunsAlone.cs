namespace MeiroMmm.Tests.ScaleOut;

/// <summary>Test classes that load the whole machine: they run one at a time, after every parallel class.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}
