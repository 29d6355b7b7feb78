namespace MeiroMmm.Domain.DataQuality;

/// <summary>Comparison of a threshold rule: the rule fires when <c>value op threshold</c> holds.</summary>
public enum ThresholdOperator { Gt, Lt, Gte, Lte }
