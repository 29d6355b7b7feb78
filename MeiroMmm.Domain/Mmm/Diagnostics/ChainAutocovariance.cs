using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace MeiroMmm.Domain.Mmm.Diagnostics;

/// <summary>
/// posterior's <c>autocovariance()</c>: the biased (divide-by-N) autocovariance of one chain at every lag 0..N−1,
/// through an FFT of the centred, zero-padded chain. One instance owns its FFT buffer and is reused for every chain
/// of an ESS computation; it is not thread-safe.
/// </summary>
internal sealed class ChainAutocovariance
{
    private readonly Complex[] _buffer;

    /// <param name="maxLength">The longest chain this instance will see.</param>
    public ChainAutocovariance(int maxLength)
    {
        // Padding to at least 2N removes circular wrap-around. R pads to 2·nextn(N); any length ≥ 2N − 1 gives the
        // same lags 0..N−1, and a power of two keeps MathNet on its radix-2 path instead of Bluestein.
        _buffer = new Complex[(int)BitOperations.RoundUpToPowerOf2((uint)(2 * maxLength))];
    }

    /// <summary>Writes lags 0..x.Length−1 into <paramref name="destination"/>, which must be at least that long.</summary>
    public void Compute(ReadOnlySpan<double> x, Span<double> destination)
    {
        int n = x.Length;
        if (n * 2 > _buffer.Length) throw new ArgumentException("Longer than the length this instance was sized for.", nameof(x));
        if (destination.Length < n) throw new ArgumentException("Shorter than the chain.", nameof(destination));
        // A constant chain (a stuck sampler) has zero autocovariance at every lag; posterior returns zeros rather
        // than dividing 0 by 0 below.
        if (x.IndexOfAnyExcept(x[0]) < 0)
        {
            destination[..n].Clear();
            return;
        }
        double mean = SampleMoments.Mean(x);
        double variance = SampleMoments.Variance(x, mean);

        for (int i = 0; i < n; i++) _buffer[i] = new Complex(x[i] - mean, 0);
        _buffer.AsSpan(n).Clear();
        Fourier.Forward(_buffer, FourierOptions.NoScaling);
        for (int k = 0; k < _buffer.Length; k++)
        {
            Complex y = _buffer[k];
            _buffer[k] = new Complex(y.Real * y.Real + y.Imaginary * y.Imaginary, 0);   // |Y_k|², the periodogram
        }
        Fourier.Inverse(_buffer, FourierOptions.NoScaling);

        // Scaling by lag 0 cancels the FFT's length factor; posterior scales the same way, so lag 0 is exactly
        // var(x)·(N − 1)/N, the biased variance Geyer (1992) recommends.
        double lag0 = _buffer[0].Real;
        for (int t = 0; t < n; t++) destination[t] = _buffer[t].Real / lag0 * variance * (n - 1) / n;
    }
}
