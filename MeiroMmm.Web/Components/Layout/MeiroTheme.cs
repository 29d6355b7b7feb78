using MudBlazor;

namespace MeiroMmm.Web.Components.Layout;

/// <summary>The app's colours, shared by the main and the sign-in layout.</summary>
public static class MeiroTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight { Primary = "#3b4cca", Secondary = "#00897b", AppbarBackground = "#26307a" },
        PaletteDark = new PaletteDark { Primary = "#8c9eff", Secondary = "#4db6ac" },
    };
}
