using MeiroMmm.Domain.Mmm;

namespace MeiroMmm.Tests.Domain;

public sealed class MediaTransformsTests
{
    [Fact]
    public void GeometricAdstock_HandComputedImpulse_SpreadsNormalizedWeights()
    {
        // α = 0.5, L = 3: weights 1, 0.5, 0.25 divided by 1.75 → 4/7, 2/7, 1/7; nothing past lag L−1.
        double[] x = [1, 0, 0, 0, 2];
        var a = new double[x.Length];
        MediaTransforms.GeometricAdstock(x, alpha: 0.5, lMax: 3, a);
        double[] expected = [4.0 / 7, 2.0 / 7, 1.0 / 7, 0, 8.0 / 7];
        for (int t = 0; t < x.Length; t++) Assert.Equal(expected[t], a[t], 1e-12);
    }

    [Fact]
    public void GeometricAdstock_ConstantSpendAfterWarmUp_EqualsSpend()
    {
        // Normalized weights sum to 1, so a constant series is unchanged once L periods have passed.
        var x = Enumerable.Repeat(3.0, 20).ToArray();
        var a = new double[x.Length];
        MediaTransforms.GeometricAdstock(x, 0.7, 8, a);
        for (int t = 7; t < x.Length; t++) Assert.Equal(3.0, a[t], 1e-12);
        Assert.True(a[0] < 3.0);
    }

    [Fact]
    public void GeometricAdstock_RetentionOutsideUnitInterval_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => MediaTransforms.GeometricAdstock([1.0], 1.5, 8, new double[1]));
        Assert.Equal("alpha", ex.ParamName);
    }

    [Theory]
    [InlineData(0.0, 3.0, 0.0)]
    [InlineData(0.5, 2.0, 0.46211715726000974)]   // (1 − e^−1)/(1 + e^−1)
    [InlineData(1.0, 4.0, 0.9640275800758169)]    // (1 − e^−4)/(1 + e^−4)
    public void Logistic_MatchesPymcMarketingFormula(double z, double lambda, double expected) =>
        Assert.Equal(expected, MediaTransforms.Logistic(z, lambda), 1e-14);

    [Fact]
    public void YearlyFourier_FirstOfJanuary_HasTheClosedFormValues()
    {
        var features = YearlyFourier.Features([new DateOnly(2024, 1, 1)], order: 2);
        double p = 1 / 365.25;
        Assert.Equal(["sin_1", "sin_2", "cos_1", "cos_2"], YearlyFourier.TermNames(2));
        Assert.Equal(Math.Sin(2 * Math.PI * p), features[0], 1e-15);
        Assert.Equal(Math.Sin(4 * Math.PI * p), features[1], 1e-15);
        Assert.Equal(Math.Cos(2 * Math.PI * p), features[2], 1e-15);
        Assert.Equal(Math.Cos(4 * Math.PI * p), features[3], 1e-15);
    }
}
