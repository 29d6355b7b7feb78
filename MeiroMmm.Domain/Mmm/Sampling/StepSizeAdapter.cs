namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>
/// Nesterov dual averaging of log step size toward a target acceptance statistic (Hoffman &amp; Gelman 2014, alg. 5;
/// stan/mcmc/stepsize_adaptation.hpp), with Stan's constants.
/// </summary>
public sealed class StepSizeAdapter(double targetAcceptance)
{
    private const double Gamma = 0.05;   // regularization scale
    private const double Kappa = 0.75;   // relaxation exponent of the iterate average
    private const double T0 = 10;        // iterations of early damping

    private double _mu, _sBar, _xBar;
    private int _counter;

    /// <summary>Restarts averaging around log(10 ε), as Stan does at the start of warm-up and after each metric update.</summary>
    public void Restart(double stepSize)
    {
        _mu = Math.Log(10 * stepSize);
        _counter = 0; _sBar = 0; _xBar = 0;
    }

    /// <summary>The next step size given the last transition's acceptance statistic.</summary>
    public double Learn(double acceptStat)
    {
        _counter++;
        acceptStat = Math.Min(1, acceptStat);
        double eta = 1.0 / (_counter + T0);
        _sBar = (1 - eta) * _sBar + eta * (targetAcceptance - acceptStat);
        double x = _mu - _sBar * Math.Sqrt(_counter) / Gamma;
        double xEta = Math.Pow(_counter, -Kappa);
        _xBar = (1 - xEta) * _xBar + xEta * x;
        return Math.Exp(x);
    }

    /// <summary>The step size to sample with after warm-up: the averaged iterate.</summary>
    public double Final() => Math.Exp(_xBar);
}
