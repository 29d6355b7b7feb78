namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// Transition counts of an absorbing chain in compressed sparse rows, and the exact absorption probabilities:
/// x = Q x + r with x[i] = P(reach (conversion) from i), solved by Gauss–Seidel sweeps in reverse discovery order
/// (paths mostly move to states found later, so one sweep carries most of the mass) with self-loops divided out
/// exactly. Sweeps stop when no entry moves by more than 1e-15 relative; the chain is absorbing, so the iteration
/// converges to the unique solution of (I − Q) x = r.
/// </summary>
internal sealed class MarkovChain
{
    private readonly int[] _rowStart;
    private readonly int[] _column;
    private readonly double[] _count;
    private readonly double[] _selfLoop;
    private readonly double[] _conversion;
    private readonly double[] _null;
    private readonly double[] _rowTotal;

    /// <summary>For each channel, which states contain it (removing a channel turns those states into dead ends).</summary>
    public bool[][] Contains { get; }

    /// <summary>Tuple key of each state (digits in base channels + 1; the top digit value means (start)).</summary>
    public long[] Keys { get; }
    public int StateCount => _rowTotal.Length;

    private MarkovChain(int[] rowStart, int[] column, double[] count, double[] selfLoop, double[] conversion, double[] nulls, bool[][] contains, long[] keys)
    {
        Keys = keys;
        _rowStart = rowStart; _column = column; _count = count; _selfLoop = selfLoop; _conversion = conversion; _null = nulls; Contains = contains;
        _rowTotal = new double[conversion.Length];
        for (int i = 0; i < _rowTotal.Length; i++)
        {
            double total = conversion[i] + nulls[i] + selfLoop[i];
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) total += count[e];
            _rowTotal[i] = total;
        }
    }

    public static MarkovChain FromCounts(List<long> keys, long radix, int order, int channels, Dictionary<long, double> edges,
        List<double> conversion, List<double> nulls)
    {
        int n = keys.Count;
        var selfLoop = new double[n];
        var sorted = edges.Where(e => (int)(e.Key >> 32) != (int)(uint)e.Key).OrderBy(e => e.Key).ToArray();
        foreach (var e in edges) if ((int)(e.Key >> 32) == (int)(uint)e.Key) selfLoop[(int)(e.Key >> 32)] = e.Value;
        var rowStart = new int[n + 1];
        var column = new int[sorted.Length];
        var count = new double[sorted.Length];
        for (int e = 0; e < sorted.Length; e++)
        {
            rowStart[(int)(sorted[e].Key >> 32) + 1]++;
            column[e] = (int)(uint)sorted[e].Key;
            count[e] = sorted[e].Value;
        }
        for (int i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];

        var contains = new bool[channels][];
        for (int c = 0; c < channels; c++) contains[c] = new bool[n];
        for (int i = 0; i < n; i++)
            for (long key = keys[i], s = 0; s < order; s++, key /= radix)
                if (key % radix is var digit && digit < channels) contains[digit][i] = true;
        return new MarkovChain(rowStart, column, count, selfLoop, [.. conversion], [.. nulls], contains, [.. keys]);
    }

    /// <summary>P(conversion) from (start) when the states flagged in <paramref name="removed"/> lead to (null).</summary>
    public double ConversionProbability(bool[]? removed, double[] x)
    {
        Array.Clear(x);
        int n = StateCount;
        for (int sweep = 0; sweep < 1_000_000; sweep++)
        {
            double change = 0, largest = 0;
            for (int i = n - 1; i >= 0; i--)
            {
                if (removed is not null && removed[i] || _rowTotal[i] == 0) continue;
                double sum = _conversion[i];
                for (int e = _rowStart[i]; e < _rowStart[i + 1]; e++) sum += _count[e] * x[_column[e]];
                double updated = sum / (_rowTotal[i] - _selfLoop[i]);   // x_i = (r_i + Σ_{j≠i} Q_ij x_j) / (1 − Q_ii), in counts
                change = Math.Max(change, Math.Abs(updated - x[i]));
                largest = Math.Max(largest, Math.Abs(updated));
                x[i] = updated;
            }
            if (change <= 1e-15 * largest) return x[0];
        }
        throw new InvalidOperationException("The absorbing-chain iteration did not converge in 10^6 sweeps.");
    }

    /// <summary>Row-normalized probabilities; for order 1, where a state's key is its channel number.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> TransitionMatrix(IReadOnlyList<string> channelNames)
    {
        string[] stateNames = [.. Keys.Select(k => k < channelNames.Count ? channelNames[(int)k] : "(start)")];
        var matrix = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        for (int i = 0; i < StateCount; i++)
        {
            if (_rowTotal[i] == 0) continue;
            var row = new Dictionary<string, double>(StringComparer.Ordinal);
            if (_selfLoop[i] > 0) row[stateNames[i]] = _selfLoop[i] / _rowTotal[i];
            for (int e = _rowStart[i]; e < _rowStart[i + 1]; e++) row[stateNames[_column[e]]] = _count[e] / _rowTotal[i];
            if (_conversion[i] > 0) row["(conversion)"] = _conversion[i] / _rowTotal[i];
            if (_null[i] > 0) row["(null)"] = _null[i] / _rowTotal[i];
            matrix[stateNames[i]] = row;
        }
        return matrix;
    }
}
