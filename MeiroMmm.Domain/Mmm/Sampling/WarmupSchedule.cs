namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>
/// Stan's windowed warm-up (stan/mcmc/windowed_adaptation.hpp): a fast initial buffer (step size only), slow windows
/// doubling from <c>baseWindow</c> in which the metric is estimated, and a fast terminal buffer.
/// </summary>
public sealed class WarmupSchedule
{
    private readonly int _warmup, _initBuffer, _termBuffer;
    private int _windowSize, _nextWindowEnd, _counter;

    public WarmupSchedule(int warmup, int initBuffer = 75, int termBuffer = 50, int baseWindow = 25)
    {
        _warmup = warmup;
        if (warmup < 20) { initBuffer = warmup; termBuffer = 0; baseWindow = 0; }   // too short: step size only
        else if (initBuffer + baseWindow + termBuffer > warmup)
        {
            // Stan's fallback proportions: 15% / 75% / 10%.
            initBuffer = (int)(0.15 * warmup);
            termBuffer = (int)(0.1 * warmup);
            baseWindow = warmup - (initBuffer + termBuffer);
        }
        _initBuffer = initBuffer; _termBuffer = termBuffer;
        _windowSize = baseWindow;
        _nextWindowEnd = initBuffer + baseWindow - 1;
    }

    /// <summary>True while the current iteration's draw feeds the metric estimate.</summary>
    public bool InSlowWindow => _warmup >= 20 && _counter >= _initBuffer && _counter < _warmup - _termBuffer && _counter != _warmup;

    /// <summary>True at the last iteration of a slow window: time to update the metric.</summary>
    public bool AtWindowEnd => _warmup >= 20 && _counter == _nextWindowEnd && _counter != _warmup;

    /// <summary>Advances one iteration; call after reading <see cref="InSlowWindow"/> and <see cref="AtWindowEnd"/>.</summary>
    public void Advance()
    {
        if (AtWindowEnd) ComputeNextWindow();
        _counter++;
    }

    private void ComputeNextWindow()
    {
        if (_nextWindowEnd == _warmup - _termBuffer - 1) return;
        _windowSize *= 2;
        _nextWindowEnd = _counter + _windowSize;
        // A window that would leave less than a full doubled window before the terminal buffer is stretched to it.
        if (_nextWindowEnd != _warmup - _termBuffer - 1 && _nextWindowEnd + 2 * _windowSize >= _warmup - _termBuffer)
            _nextWindowEnd = _warmup - _termBuffer - 1;
    }
}
