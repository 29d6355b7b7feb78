namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// The models' own settings: Markov order, time-decay half-life, position-based first/last shares, and which Shapley
/// game (<see cref="SetGame"/>, the default, or <see cref="ConversionRateGame"/>, which also uses non-converting journeys).
/// </summary>
public sealed record AttributionModelParameters(int MarkovOrder = 1, double HalfLifeDays = 7, double FirstShare = 0.4, double LastShare = 0.4,
    string ShapleyGame = AttributionModelParameters.SetGame)
{
    public const string SetGame = "set", ConversionRateGame = "conversion_rate";

    public static AttributionModelParameters Default { get; } = new();

    public IReadOnlyList<(string Field, string Message)> Check()
    {
        var errors = new List<(string, string)>();
        if (MarkovOrder is < 1 or > MarkovRemovalModel.MaxOrder) errors.Add(("order", $"must be 1–{MarkovRemovalModel.MaxOrder}."));
        if (!(HalfLifeDays > 0) || !double.IsFinite(HalfLifeDays)) errors.Add(("half_life_days", "must be a positive number of days."));
        if (!(FirstShare >= 0) || !(LastShare >= 0) || FirstShare + LastShare > 1) errors.Add(("first_share", "first_share and last_share must be ≥ 0 and sum to at most 1."));
        if (ShapleyGame is not (SetGame or ConversionRateGame)) errors.Add(("shapley_game", $"must be '{SetGame}' or '{ConversionRateGame}', not '{ShapleyGame}'."));
        return errors;
    }
}
