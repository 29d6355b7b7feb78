using MeiroMmm.Domain.Attribution;
using MeiroMmm.Domain.Experiments;

namespace MeiroMmm.Tests.Domain;

public sealed class DeterministicAssignerTests
{
    [Fact]
    public void UnitInterval_MatchesSha256FirstEightBytesBigEndian()
    {
        // Python: int.from_bytes(hashlib.sha256(b"profile-42:exp-7:salt-x").digest()[:8], "big") / 2**64
        Assert.Equal(0.006063657677713899, DeterministicAssigner.UnitInterval("profile-42", "exp-7", "salt-x"), 1e-15);
        Assert.Equal(ExperimentGroup.Treatment, DeterministicAssigner.Assign("profile-42", "exp-7", "salt-x", 0.5));
    }

    [Fact]
    public void Assign_OverManyProfiles_TreatsTheRequestedShare()
    {
        const int n = 100_000;
        int treated = Enumerable.Range(0, n).Count(i => DeterministicAssigner.Assign($"p{i}", "exp", "s", 0.3) == ExperimentGroup.Treatment);
        double sd = Math.Sqrt(0.3 * 0.7 / n);
        Assert.InRange(treated / (double)n, 0.3 - 4 * sd, 0.3 + 4 * sd);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Assign_RateOutsideOpenUnitInterval_IsRefused(double rate) =>
        Assert.Equal("treatmentRate", Assert.Throws<ArgumentOutOfRangeException>(() => DeterministicAssigner.Assign("p", "e", "s", rate)).ParamName);

    [Fact]
    public void PathHash_IsSha256OfTheChannelSequence() =>
        // Python: hashlib.sha256("paid_search > email > direct".encode()).hexdigest()
        Assert.Equal("c402efcd47b4ced2b44e3cd1185bb70cfe3a1fd2cc96717670cce1b0f2ef62b6", PathHash.Of(["paid_search", "email", "direct"]));
}
