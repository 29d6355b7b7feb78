namespace MeiroMmm.Web.Reports;

/// <summary>One templated sentence of a report and where its numbers come from (an API route and field), so each can be checked.</summary>
public sealed record NarrativeSentence(string Text, string Source);
