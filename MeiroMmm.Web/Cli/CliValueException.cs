namespace MeiroMmm.Web.Cli;

/// <summary>
/// An option had a value the command cannot use. Reported as one line naming the option, without the usage text:
/// the command itself was right, so the usage would only bury the one thing to fix.
/// </summary>
public sealed class CliValueException(string message) : Exception(message);
