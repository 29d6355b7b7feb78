namespace MeiroMmm.Domain.DataQuality;

/// <summary>What the DQ run does with a rule's evaluation, given the unresolved alert of the same fingerprint (if any).</summary>
public enum AlertAction
{
    /// <summary>Nothing to do: not breached and no alert open, or the rule could not judge.</summary>
    None,
    /// <summary>A new breach: create an alert and notify.</summary>
    Create,
    /// <summary>Still breached: update the open alert's latest value and last-seen time; no new notification.</summary>
    Update,
    /// <summary>Still breached and its snooze has ended: update, clear the snooze and notify again.</summary>
    UpdateAndNotify,
    /// <summary>No longer breached: resolve the alert (the audit names the DQ run as actor).</summary>
    Resolve,
}
