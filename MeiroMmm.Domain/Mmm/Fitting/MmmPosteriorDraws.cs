using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Domain.Mmm.Fitting;

/// <summary>
/// Constrained posterior draws, parameter-major and chain-major within a parameter: Values[p][chain * drawsPerChain + i].
/// Kept with a fit so contributions, response curves and the optimizer can be computed from the full posterior.
/// </summary>
public sealed record MmmPosteriorDraws(IReadOnlyList<string> Names, int Chains, int DrawsPerChain, double[][] Values)
{
    public int Count => Chains * DrawsPerChain;

    public double[][] ChainsOf(int parameter) =>
        [.. Enumerable.Range(0, Chains).Select(c => Values[parameter].AsSpan(c * DrawsPerChain, DrawsPerChain).ToArray())];

    /// <summary>Every <paramref name="step"/>-th draw of every chain, for storing with a saved fit.</summary>
    public MmmPosteriorDraws Thin(int step)
    {
        if (step <= 1) return this;
        int kept = (DrawsPerChain + step - 1) / step;
        var values = Values.Select(v => Enumerable.Range(0, Chains).SelectMany(c => Enumerable.Range(0, kept).Select(i => v[c * DrawsPerChain + i * step])).ToArray()).ToArray();
        return new MmmPosteriorDraws(Names, Chains, kept, values);
    }

    public static MmmPosteriorDraws From(MmmParameterLayout layout, IReadOnlyList<Sampling.ChainDraws> chains)
    {
        int perChain = chains[0].Draws, dim = layout.Dimension;
        var values = Enumerable.Range(0, dim).Select(_ => new double[chains.Count * perChain]).ToArray();
        var constrained = new double[dim];
        for (int c = 0; c < chains.Count; c++)
            for (int i = 0; i < perChain; i++)
            {
                layout.Constrain(chains[c].Draw(i), constrained);
                for (int p = 0; p < dim; p++) values[p][c * perChain + i] = constrained[p];
            }
        return new MmmPosteriorDraws(layout.Names, chains.Count, perChain, values);
    }
}
