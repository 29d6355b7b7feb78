namespace MeiroMmm.Infrastructure.Persistence;

/// <summary>
/// A setting that stops the app from starting. The message is one line that names the setting and what is wrong;
/// Program prints it without a stack trace.
/// </summary>
public sealed class StartupConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
