namespace MeiroMmm.Domain.Mmm.Scenarios;

/// <summary>Where an outcome fell against its predictive interval.</summary>
public enum RealizationStatus { Inside, Below, Above }
