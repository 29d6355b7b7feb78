using MeiroMmm.Domain.Configs;

namespace MeiroMmm.Infrastructure.Configs;

/// <summary>
/// The active config for a conversion key, typed. <see cref="Id"/> is the version an attribution result should record:
/// an active config is never edited, so the id alone reproduces the settings.
/// </summary>
public sealed record ActiveModelConfig(int Id, string Name, ModelConfig Config);
