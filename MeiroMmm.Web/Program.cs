using MeiroMmm.Web.Hosting;

// Verbs (migrate, apikey, task) run and exit before any web host starts; anything else starts the app.
return await MeiroProgram.RunAsync(args);

/// <summary>The entry point's type, for WebApplicationFactory in the tests.</summary>
public partial class Program;
