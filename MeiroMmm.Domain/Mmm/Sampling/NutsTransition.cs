namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>What one NUTS transition did, for adaptation and diagnostics.</summary>
public readonly record struct TransitionInfo(double AcceptStat, int TreeDepth, int LeapfrogSteps, bool Divergent, double Energy);

/// <summary>
/// One NUTS transition with multinomial sampling and the generalized no-U-turn criterion, as Stan's base_nuts
/// (Betancourt 2017, "A Conceptual Introduction to Hamiltonian Monte Carlo", appendix A; stan/mcmc/hmc/nuts/base_nuts.hpp),
/// including the extra U-turn checks across merged subtrees. All buffers are allocated once, per tree depth.
/// The transition does not know about adaptation: the chain runner adapts the step size and metric around it.
/// </summary>
public sealed class NutsTransition
{
    /// <summary>Stan's max_deltaH: a step whose energy error exceeds this is divergent.</summary>
    public const double MaxDeltaH = 1000;

    private readonly EuclideanMetric _metric;
    private readonly LeapfrogIntegrator _integrator;
    private readonly ChainRandom _rng;
    private readonly int _maxDepth;

    private readonly PhasePoint _z, _zFwd, _zBck, _zSample, _zPropose;
    private readonly PhasePoint[] _zProposeFinal;   // one per depth
    private readonly double[][] _pInitEnd, _pSharpInitEnd, _rhoInit, _pFinalBeg, _pSharpFinalBeg, _rhoFinal;
    private readonly double[] _pFwdFwd, _pSharpFwdFwd, _pFwdBck, _pSharpFwdBck, _pBckFwd, _pSharpBckFwd, _pBckBck, _pSharpBckBck;
    private readonly double[] _rho, _rhoFwd, _rhoBck, _rhoExtended;

    private int _leapfrogSteps;
    private double _sumMetropolisProb;
    private bool _divergent;
    private double _h0;

    public NutsTransition(int dimension, EuclideanMetric metric, LeapfrogIntegrator integrator, ChainRandom rng, int maxDepth)
    {
        _metric = metric; _integrator = integrator; _rng = rng; _maxDepth = maxDepth;
        _z = new(dimension); _zFwd = new(dimension); _zBck = new(dimension); _zSample = new(dimension); _zPropose = new(dimension);
        _zProposeFinal = [.. Enumerable.Range(0, maxDepth + 1).Select(_ => new PhasePoint(dimension))];
        double[][] PerDepth() => [.. Enumerable.Range(0, maxDepth + 1).Select(_ => new double[dimension])];
        _pInitEnd = PerDepth(); _pSharpInitEnd = PerDepth(); _rhoInit = PerDepth();
        _pFinalBeg = PerDepth(); _pSharpFinalBeg = PerDepth(); _rhoFinal = PerDepth();
        double[] Vector() => new double[dimension];
        _pFwdFwd = Vector(); _pSharpFwdFwd = Vector(); _pFwdBck = Vector(); _pSharpFwdBck = Vector();
        _pBckFwd = Vector(); _pSharpBckFwd = Vector(); _pBckBck = Vector(); _pSharpBckBck = Vector();
        _rho = Vector(); _rhoFwd = Vector(); _rhoBck = Vector(); _rhoExtended = Vector();
    }

    public double StepSize { get; set; } = 1;

    /// <summary>
    /// Moves <paramref name="state"/> (position, log density and gradient; momentum is resampled) to the next draw.
    /// </summary>
    public TransitionInfo Transition(PhasePoint state)
    {
        _z.CopyFrom(state);
        _metric.SampleMomentum(_z.P, _rng);
        _h0 = _metric.Hamiltonian(_z);

        _z.P.CopyTo(_pFwdFwd, 0); _metric.Velocity(_z.P, _pSharpFwdFwd);
        _pFwdFwd.CopyTo(_pFwdBck, 0); _pSharpFwdFwd.CopyTo(_pSharpFwdBck, 0);
        _pFwdFwd.CopyTo(_pBckFwd, 0); _pSharpFwdFwd.CopyTo(_pSharpBckFwd, 0);
        _pFwdFwd.CopyTo(_pBckBck, 0); _pSharpFwdFwd.CopyTo(_pSharpBckBck, 0);
        _z.P.CopyTo(_rho, 0);

        _zFwd.CopyFrom(_z); _zBck.CopyFrom(_z); _zSample.CopyFrom(_z);
        double logSumWeight = 0;   // log(exp(H0 − H0))
        int depth = 0;
        _leapfrogSteps = 0; _sumMetropolisProb = 0; _divergent = false;

        while (depth < _maxDepth)
        {
            Array.Clear(_rhoFwd); Array.Clear(_rhoBck);
            bool validSubtree;
            double logSumWeightSubtree = double.NegativeInfinity;
            if (_rng.Uniform() > 0.5)
            {
                // Extend forward from the forward end.
                _z.CopyFrom(_zFwd);
                _rho.CopyTo(_rhoBck, 0);
                _pFwdBck.CopyTo(_pBckFwd, 0); _pSharpFwdBck.CopyTo(_pSharpBckFwd, 0);
                validSubtree = BuildTree(depth, _zPropose, _pSharpFwdBck, _pSharpFwdFwd, _rhoFwd, _pFwdBck, _pFwdFwd, +1, ref logSumWeightSubtree);
                _zFwd.CopyFrom(_z);
            }
            else
            {
                _z.CopyFrom(_zBck);
                _rho.CopyTo(_rhoFwd, 0);
                _pBckFwd.CopyTo(_pFwdBck, 0); _pSharpBckFwd.CopyTo(_pSharpFwdBck, 0);
                validSubtree = BuildTree(depth, _zPropose, _pSharpBckFwd, _pSharpBckBck, _rhoBck, _pBckFwd, _pBckBck, -1, ref logSumWeightSubtree);
                _zBck.CopyFrom(_z);
            }
            if (!validSubtree) break;
            depth++;

            // Biased progressive sampling: favour the new subtree (Betancourt 2017, A.3.2).
            if (logSumWeightSubtree > logSumWeight) _zSample.CopyFrom(_zPropose);
            else if (_rng.Uniform() < Math.Exp(logSumWeightSubtree - logSumWeight)) _zSample.CopyFrom(_zPropose);
            logSumWeight = LogSumExp(logSumWeight, logSumWeightSubtree);

            for (int i = 0; i < _rho.Length; i++) _rho[i] = _rhoBck[i] + _rhoFwd[i];
            bool persist = NoUTurn(_pSharpBckBck, _pSharpFwdFwd, _rho);
            for (int i = 0; i < _rho.Length; i++) _rhoExtended[i] = _rhoBck[i] + _pFwdBck[i];
            persist &= NoUTurn(_pSharpBckBck, _pSharpFwdBck, _rhoExtended);
            for (int i = 0; i < _rho.Length; i++) _rhoExtended[i] = _rhoFwd[i] + _pBckFwd[i];
            persist &= NoUTurn(_pSharpBckFwd, _pSharpFwdFwd, _rhoExtended);
            if (!persist) break;
        }

        state.CopyFrom(_zSample);
        double acceptStat = _leapfrogSteps > 0 ? _sumMetropolisProb / _leapfrogSteps : 0;
        return new TransitionInfo(acceptStat, depth, _leapfrogSteps, _divergent, _metric.Hamiltonian(_zSample));
    }

    /// <summary>Generalized no-U-turn criterion: both ends still move along the summed momentum ρ.</summary>
    private static bool NoUTurn(double[] pSharpMinus, double[] pSharpPlus, double[] rho)
    {
        double plus = 0, minus = 0;
        for (int i = 0; i < rho.Length; i++) { plus += pSharpPlus[i] * rho[i]; minus += pSharpMinus[i] * rho[i]; }
        return plus > 0 && minus > 0;
    }

    private bool BuildTree(int depth, PhasePoint zPropose, double[] pSharpBeg, double[] pSharpEnd, double[] rho,
        double[] pBeg, double[] pEnd, int sign, ref double logSumWeight)
    {
        if (depth == 0)
        {
            _integrator.Step(_z, sign * StepSize);
            _leapfrogSteps++;
            double h = _metric.Hamiltonian(_z);
            if (h - _h0 > MaxDeltaH) _divergent = true;
            logSumWeight = LogSumExp(logSumWeight, _h0 - h);
            _sumMetropolisProb += _h0 - h > 0 ? 1 : Math.Exp(_h0 - h);
            zPropose.CopyFrom(_z);
            _metric.Velocity(_z.P, pSharpBeg);
            pSharpBeg.CopyTo(pSharpEnd, 0);
            for (int i = 0; i < rho.Length; i++) rho[i] += _z.P[i];
            _z.P.CopyTo(pBeg, 0);
            _z.P.CopyTo(pEnd, 0);
            return !_divergent;
        }

        // Initial subtree.
        var pInitEnd = _pInitEnd[depth]; var pSharpInitEnd = _pSharpInitEnd[depth]; var rhoInit = _rhoInit[depth];
        Array.Clear(rhoInit);
        double logSumWeightInit = double.NegativeInfinity;
        if (!BuildTree(depth - 1, zPropose, pSharpBeg, pSharpInitEnd, rhoInit, pBeg, pInitEnd, sign, ref logSumWeightInit)) return false;

        // Final subtree.
        var zProposeFinal = _zProposeFinal[depth];
        zProposeFinal.CopyFrom(_z);
        var pFinalBeg = _pFinalBeg[depth]; var pSharpFinalBeg = _pSharpFinalBeg[depth]; var rhoFinal = _rhoFinal[depth];
        Array.Clear(rhoFinal);
        double logSumWeightFinal = double.NegativeInfinity;
        if (!BuildTree(depth - 1, zProposeFinal, pSharpFinalBeg, pSharpEnd, rhoFinal, pFinalBeg, pEnd, sign, ref logSumWeightFinal)) return false;

        // Multinomial sample from the right subtree.
        double logSumWeightSubtree = LogSumExp(logSumWeightInit, logSumWeightFinal);
        logSumWeight = LogSumExp(logSumWeight, logSumWeightSubtree);
        if (logSumWeightFinal > logSumWeightSubtree) zPropose.CopyFrom(zProposeFinal);
        else if (_rng.Uniform() < Math.Exp(logSumWeightFinal - logSumWeightSubtree)) zPropose.CopyFrom(zProposeFinal);

        for (int i = 0; i < rho.Length; i++)
        {
            double subtree = rhoInit[i] + rhoFinal[i];
            rho[i] += subtree;
            rhoInit[i] = subtree;   // rhoInit now holds the merged subtree's ρ
        }
        // Around the merged subtree, then across the seam between its halves.
        bool persist = NoUTurn(pSharpBeg, pSharpEnd, rhoInit);
        for (int i = 0; i < rho.Length; i++) _rhoExtended[i] = rhoInit[i] - rhoFinal[i] + pFinalBeg[i];
        persist &= NoUTurn(pSharpBeg, pSharpFinalBeg, _rhoExtended);
        for (int i = 0; i < rho.Length; i++) _rhoExtended[i] = rhoFinal[i] + pInitEnd[i];
        persist &= NoUTurn(pSharpInitEnd, pSharpEnd, _rhoExtended);
        return persist;
    }

    private static double LogSumExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        double max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }
}
