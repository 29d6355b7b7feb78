namespace MeiroMmm.Domain.Attribution;

/// <summary>The models by their API names, and one entry point that runs any of them on aggregated paths.</summary>
public static class AttributionModelCatalog
{
    public const string FirstTouch = "first_touch", LastTouch = "last_touch", Linear = "linear", TimeDecay = "time_decay",
        PositionBased = "position_based", Markov = "markov", Shapley = "shapley";

    /// <summary>Every model, in the order the app shows them.</summary>
    public static IReadOnlyList<string> Models { get; } = [FirstTouch, LastTouch, Linear, TimeDecay, PositionBased, Markov, Shapley];

    /// <summary>What each model answers, for the model list in the API and the page.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        [FirstTouch] = "All credit to the first touch: which channels open converting journeys.",
        [LastTouch] = "All credit to the last touch: which channels close them.",
        [Linear] = "Equal credit to every touch on the path.",
        [TimeDecay] = "Touches closer to the conversion get more credit, halving every half_life_days.",
        [PositionBased] = "first_share to the first touch, last_share to the last, the rest over the middle (40/20/40).",
        [Markov] = "Removal effect in a Markov chain of order 1–4: conversions lost if the channel disappeared.",
        [Shapley] = "Shapley value over the channel sets of converting journeys (Zhao et al. 2018).",
    };

    /// <summary>
    /// Runs <paramref name="model"/>. Time decay needs paths aggregated with touch ages
    /// (<see cref="PathAggregator.Aggregate"/> with byTouchAges); pass them as <paramref name="pathsWithAges"/>.
    /// </summary>
    public static AttributionResult Run(string model, IReadOnlyList<AggregatedPath> paths, IReadOnlyList<AggregatedPath> pathsWithAges, AttributionModelParameters parameters) => model switch
    {
        FirstTouch => HeuristicModels.FirstTouch(paths),
        LastTouch => HeuristicModels.LastTouch(paths),
        Linear => HeuristicModels.Linear(paths),
        TimeDecay => HeuristicModels.TimeDecay(pathsWithAges, parameters.HalfLifeDays),
        PositionBased => HeuristicModels.PositionBased(paths, parameters.FirstShare, parameters.LastShare),
        Markov => MarkovRemovalModel.Attribute(paths, parameters.MarkovOrder),
        Shapley => parameters.ShapleyGame == AttributionModelParameters.ConversionRateGame ? ShapleyModel.ConversionRateGame(paths) : ShapleyModel.SetGame(paths),
        _ => throw new ArgumentException($"Unknown attribution model '{model}'; the models are {string.Join(", ", Models)}.", nameof(model)),
    };
}
