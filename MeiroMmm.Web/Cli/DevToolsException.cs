namespace MeiroMmm.Web.Cli;

/// <summary>Chromium answered a DevTools command with an error (e.g. evaluating in a page that is navigating).</summary>
internal sealed class DevToolsException(string message) : Exception(message);
