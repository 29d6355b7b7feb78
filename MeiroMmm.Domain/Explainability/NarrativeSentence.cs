namespace MeiroMmm.Domain.Explainability;

/// <summary>One templated sentence and the summary fields (JSON paths) its numbers were taken from.</summary>
public sealed record NarrativeSentence(string Text, IReadOnlyList<string> Sources);
