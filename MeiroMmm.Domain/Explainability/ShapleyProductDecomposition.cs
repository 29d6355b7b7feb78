namespace MeiroMmm.Domain.Explainability;

/// <summary>
/// Splits the change of a product of factors, y = x₁·x₂·…·x_k, into one additive term per factor that sum exactly to
/// y(after) − y(before): the Shapley value of each factor in the game "move these factors from before to after"
/// (Shapley 1953; used as a residual-free index decomposition by Sun 1998 and Albrecht, François &amp; Schoors 2002).
/// Term j = Σ over subsets S of the other factors of |S|!(k−|S|−1)!/k! · [y(S ∪ {j} at after) − y(S at after)].
/// Unlike LMDI it is defined when a factor is zero, which a channel absent from one period makes common.
/// For k = 2 it is the familiar ½Δa(b₀+b₁) + ½Δb(a₀+a₁).
/// </summary>
public static class ShapleyProductDecomposition
{
    /// <summary>Most factors supported: the sum runs over 2^(k−1) subsets per factor.</summary>
    public const int MaxFactors = 8;

    /// <summary>
    /// Writes one term per factor into <paramref name="terms"/>. The spans must have equal lengths (1 to
    /// <see cref="MaxFactors"/>); the terms sum to Π after − Π before up to floating-point rounding.
    /// </summary>
    public static void Decompose(ReadOnlySpan<double> before, ReadOnlySpan<double> after, Span<double> terms)
    {
        int k = before.Length;
        if (k is < 1 or > MaxFactors) throw new ArgumentException($"Between 1 and {MaxFactors} factors are supported.", nameof(before));
        if (after.Length != k) throw new ArgumentException("Must have as many factors as before.", nameof(after));
        if (terms.Length < k) throw new ArgumentException("Shorter than the factors.", nameof(terms));
        Span<double> weightBySize = stackalloc double[k];
        for (int size = 0; size < k; size++) weightBySize[size] = Factorial(size) * Factorial(k - size - 1) / Factorial(k);
        for (int j = 0; j < k; j++)
        {
            double sum = 0;
            // Each mask over all k factors with bit j clear is a subset S of the others that sits at its "after" value.
            for (int mask = 0; mask < 1 << k; mask++)
            {
                if ((mask & (1 << j)) != 0) continue;
                double without = Product(before, after, mask), with = Product(before, after, mask | (1 << j));
                sum += weightBySize[System.Numerics.BitOperations.PopCount((uint)mask)] * (with - without);
            }
            terms[j] = sum;
        }
    }

    public static double[] Decompose(IReadOnlyList<double> before, IReadOnlyList<double> after)
    {
        var terms = new double[before.Count];
        Decompose([.. before], [.. after], terms);
        return terms;
    }

    private static double Product(ReadOnlySpan<double> before, ReadOnlySpan<double> after, int afterMask)
    {
        double p = 1;
        for (int i = 0; i < before.Length; i++) p *= (afterMask & (1 << i)) != 0 ? after[i] : before[i];
        return p;
    }

    private static double Factorial(int n)
    {
        double f = 1;
        for (int i = 2; i <= n; i++) f *= i;
        return f;
    }
}
