namespace MeiroMmm.Domain.Mmm.Quality;

/// <summary>Info findings inform; a warning makes a run directional; a problem makes it not usable (<see cref="RunQualityGate"/>).</summary>
public enum DiagnosticSeverity { Info, Warning, Problem }

/// <summary>
/// One plain-language finding about a fit: what was seen (<see cref="Message"/>, with the number and the parameter or
/// channel it is about), what it means for the results, and what to do about it. <see cref="Code"/> is stable for
/// machines and is the quality gate's rule name (rhat, ess_bulk, ess_tail, divergences, ebfmi, tree_depth, one_chain,
/// fit_r2, fit_mape, roas_interval, unmapped_spend, prior_dominates, laplace_preview).
/// </summary>
public sealed record RunDiagnostic(string Code, DiagnosticSeverity Severity, string? Subject, string Message, string Meaning, string Action);
