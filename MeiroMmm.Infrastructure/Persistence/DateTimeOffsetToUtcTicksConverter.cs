using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MeiroMmm.Infrastructure.Persistence;

/// <summary>Stores a DateTimeOffset as UTC ticks; values read back carry offset zero.</summary>
public sealed class DateTimeOffsetToUtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
