namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>What an uploaded column is used as; Ignore leaves it out of the stored dataset.</summary>
public enum UploadColumnRole { Ignore, Date, Kpi, Spend, Control }
