namespace MeiroMmm.Domain.Configs;

/// <summary>draft → active → archived. Only a draft can be edited; activating a config archives the one it replaces.</summary>
public enum ModelConfigStatus { Draft, Active, Archived }
