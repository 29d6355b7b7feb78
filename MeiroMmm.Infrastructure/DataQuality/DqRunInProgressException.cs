namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>A DQ run was asked for while one is running; the API answers 409.</summary>
public sealed class DqRunInProgressException() : InvalidOperationException("A data-quality run is already in progress; wait for it to finish.");
