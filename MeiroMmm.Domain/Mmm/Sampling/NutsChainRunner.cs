using System.Diagnostics;

namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>
/// Runs one chain: initialization, Stan's step-size heuristic, windowed warm-up adapting step size (dual averaging) and
/// the metric (alone, or pooled with the other chains) around the NUTS transition, then sampling with both fixed.
/// Composes the parts; owns all buffers.
/// </summary>
public sealed class NutsChainRunner
{
    private const int MaxInitAttempts = 100;
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(200);

    private readonly IDensityModel _model;
    private readonly SamplerSettings _settings;
    private readonly int _chain;
    private readonly CrossChainMetricPool? _metricPool;

    /// <param name="metricPool">Shared by all chains to pool their metric estimates; null: each chain adapts alone (Stan).</param>
    public NutsChainRunner(IDensityModel model, SamplerSettings settings, int chain, CrossChainMetricPool? metricPool = null)
    {
        _model = model; _settings = settings; _chain = chain; _metricPool = metricPool;
    }

    /// <param name="initialInverseMetric">Diagonal inverse metric to start warm-up with; null: the identity, as Stan.</param>
    public ChainDraws Run(IProgress<FitProgress>? progress, CancellationToken ct, double[]? initialPoint = null, double[]? initialInverseMetric = null)
    {
        try
        {
            return RunChain(progress, ct, initialPoint, initialInverseMetric);
        }
        catch
        {
            _metricPool?.Leave(_chain);
            throw;
        }
    }

    private ChainDraws RunChain(IProgress<FitProgress>? progress, CancellationToken ct, double[]? initialPoint, double[]? initialInverseMetric)
    {
        int dim = _model.Dimension;
        var rng = new ChainRandom(_settings.Seed, _chain);
        var metric = new EuclideanMetric(dim);
        if (initialInverseMetric is not null) metric.SetDiagonal(initialInverseMetric);
        var integrator = new LeapfrogIntegrator(_model.CreateEvaluator(), metric);
        var nuts = new NutsTransition(dim, metric, integrator, rng, _settings.MaxTreeDepth);
        var state = new PhasePoint(dim);
        Initialize(state, integrator, rng, initialPoint);

        var result = new ChainDraws(_settings.Draws, dim);
        var clock = Stopwatch.StartNew();
        var sinceReport = Stopwatch.StartNew();
        int total = _settings.Warmup + _settings.Draws, divergences = 0;

        // As Stan's services: μ = log(10 ε₀) with the user's initial ε₀ = 1 is set before the heuristic search, so the
        // first (fast) window averages toward log 10, not toward the searched step size; later windows restart at log(10 ε).
        const double initialStepSize = 1.0;
        var stepSize = new StepSizeAdapter(_settings.TargetAcceptance);
        stepSize.Restart(initialStepSize);
        nuts.StepSize = FindReasonableStepSize(initialStepSize, state, metric, integrator, rng);
        var schedule = new WarmupSchedule(_settings.Warmup);
        var metricAdapter = new MetricAdapter(dim, _settings.Metric, _settings.DiagonalWindows);

        for (int iteration = 0; iteration < _settings.Warmup; iteration++)
        {
            ct.ThrowIfCancellationRequested();   // once per draw, never inside a tree
            var info = nuts.Transition(state);
            if (info.Divergent) divergences++;
            nuts.StepSize = stepSize.Learn(info.AcceptStat);
            if (schedule.InSlowWindow) metricAdapter.Add(state.Q);
            if (schedule.AtWindowEnd)
            {
                if (_metricPool is null) metricAdapter.UpdateAndRestart(metric);
                else _metricPool.Exchange(_chain, metricAdapter, metric, ct);
                nuts.StepSize = FindReasonableStepSize(nuts.StepSize, state, metric, integrator, rng);
                stepSize.Restart(nuts.StepSize);
            }
            schedule.Advance();
            Report(progress, sinceReport, iteration, total, SamplingPhase.Warmup, divergences, nuts.StepSize, clock.Elapsed);
        }
        if (_settings.Warmup > 0)
        {
            nuts.StepSize = stepSize.Final();
            if (_metricPool is not null && _settings.ShareStepSize) nuts.StepSize = _metricPool.ExchangeStepSize(_chain, nuts.StepSize, ct);
        }
        result.WarmupTime = clock.Elapsed;
        result.WarmupDivergences = divergences;
        divergences = 0;

        for (int draw = 0; draw < _settings.Draws; draw++)
        {
            ct.ThrowIfCancellationRequested();
            var info = nuts.Transition(state);
            if (info.Divergent) divergences++;
            state.Q.CopyTo(result.Values, draw * dim);
            result.LogDensity[draw] = state.LogDensity;
            result.AcceptStat[draw] = info.AcceptStat;
            result.TreeDepth[draw] = info.TreeDepth;
            result.Divergent[draw] = info.Divergent;
            result.Energy[draw] = info.Energy;
            Report(progress, sinceReport, _settings.Warmup + draw, total, SamplingPhase.Sampling, divergences, nuts.StepSize, clock.Elapsed);
        }
        result.SamplingTime = clock.Elapsed - result.WarmupTime;
        result.StepSize = nuts.StepSize;
        result.InverseMetric = (double[])metric.InverseMetric.Clone();
        result.GradientEvaluations = integrator.GradientEvaluations;
        progress?.Report(new FitProgress(_chain, total, total, SamplingPhase.Sampling, divergences, nuts.StepSize, clock.Elapsed));
        return result;
    }

    private void Report(IProgress<FitProgress>? progress, Stopwatch sinceReport, int iteration, int total, SamplingPhase phase, int divergences, double stepSize, TimeSpan elapsed)
    {
        if (progress is null || sinceReport.Elapsed < ReportInterval) return;
        progress.Report(new FitProgress(_chain, iteration + 1, total, phase, divergences, stepSize, elapsed));
        sinceReport.Restart();
    }

    /// <summary>Stan's default initialization: uniform(−2, 2) on the unconstrained scale until the density is finite.</summary>
    private void Initialize(PhasePoint state, LeapfrogIntegrator integrator, ChainRandom rng, double[]? initialPoint)
    {
        if (initialPoint is not null)
        {
            initialPoint.CopyTo(state.Q);
            integrator.Initialize(state);
            if (IsFinite(state)) return;
        }
        for (int attempt = 0; attempt < MaxInitAttempts; attempt++)
        {
            for (int i = 0; i < state.Q.Length; i++) state.Q[i] = _settings.InitRadius * (2 * rng.Uniform() - 1);
            integrator.Initialize(state);
            if (IsFinite(state)) return;
        }
        throw new InvalidOperationException($"Chain {_chain + 1}: no finite log density found in {MaxInitAttempts} random initial points.");
    }

    private static bool IsFinite(PhasePoint z) => double.IsFinite(z.LogDensity) && z.Gradient.All(double.IsFinite);

    /// <summary>
    /// Stan's init_stepsize heuristic (base_hmc.hpp): double or halve ε until one leapfrog step's acceptance crosses 0.8.
    /// </summary>
    private static double FindReasonableStepSize(double epsilon, PhasePoint state, EuclideanMetric metric, LeapfrogIntegrator integrator, ChainRandom rng)
    {
        if (epsilon == 0 || epsilon > 1e7 || double.IsNaN(epsilon)) return epsilon;
        var z = new PhasePoint(state.Q.Length);   // once per metric update: not in the hot loop
        double log08 = Math.Log(0.8);
        double DeltaH()
        {
            z.CopyFrom(state);
            metric.SampleMomentum(z.P, rng);
            double h0 = metric.Hamiltonian(z);
            integrator.Step(z, epsilon);
            return h0 - metric.Hamiltonian(z);
        }
        int direction = DeltaH() > log08 ? 1 : -1;
        while (true)
        {
            double deltaH = DeltaH();
            if (direction == 1 && !(deltaH > log08)) break;
            if (direction == -1 && !(deltaH < log08)) break;
            epsilon = direction == 1 ? 2 * epsilon : 0.5 * epsilon;
            if (epsilon > 1e7) throw new InvalidOperationException("Step size search diverged: the posterior may be improper.");
            if (epsilon == 0) throw new InvalidOperationException("Step size search collapsed to zero: the log density may be discontinuous.");
        }
        return epsilon;
    }
}
