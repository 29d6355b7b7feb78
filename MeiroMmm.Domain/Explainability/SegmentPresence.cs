namespace MeiroMmm.Domain.Explainability;

/// <summary>Whether a segment has data in both periods, or appeared or disappeared.</summary>
public enum SegmentPresence { Both, CompareOnly, CurrentOnly }
