using System.ComponentModel.DataAnnotations;
using MeiroMmm.Infrastructure.Experiments;

namespace MeiroMmm.Web.Experiments;

/// <summary>The new-experiment dialog's fields; <see cref="ToDraft"/> makes the service's draft (treatment share percent → fraction).</summary>
public sealed class NewExperimentForm
{
    [Required(ErrorMessage = "Give the experiment a name.")]
    [StringLength(200, ErrorMessage = "At most 200 characters.")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Choose the channel that is held out.")]
    public string? Channel { get; set; } = "email";

    [Required(ErrorMessage = "Choose the start date.")]
    public DateTime? StartDate { get; set; }

    [Required(ErrorMessage = "Choose the end date.")]
    public DateTime? EndDate { get; set; }

    [Required(ErrorMessage = "Enter the share of profiles that receive the channel.")]
    [Range(1, 99, ErrorMessage = "Between 1% and 99%: both groups need profiles.")]
    public double? TreatmentPercent { get; set; } = 50;

    public ExperimentDraft ToDraft() => new(Name, Channel,
        StartDate is { } s ? new DateTimeOffset(DateTime.SpecifyKind(s.Date, DateTimeKind.Utc)) : null,
        EndDate is { } e ? new DateTimeOffset(DateTime.SpecifyKind(e.Date, DateTimeKind.Utc)) : null,
        TreatmentPercent / 100);

    /// <summary>The form property that shows a service error named with the API's snake_case field.</summary>
    public static string PropertyOf(string field) => field switch
    {
        "channel" => nameof(Channel),
        "start_at" => nameof(StartDate),
        "end_at" => nameof(EndDate),
        "treatment_rate" => nameof(TreatmentPercent),
        _ => nameof(Name),   // name, and the generated key
    };
}
