using MeiroMmm.Web.Admin;
using MeiroMmm.Web.Attribution;
using MeiroMmm.Web.Channels;
using MeiroMmm.Web.Configs;
using MeiroMmm.Web.DataQuality;
using MeiroMmm.Web.Experiments;
using MeiroMmm.Web.Mmm;
using MeiroMmm.Web.Overview;
using MeiroMmm.Web.Taxonomy;
using MeiroMmm.Web.Security;

namespace MeiroMmm.Web.Api;

/// <summary>
/// The REST API under /api. The group requires a signed-in user or an API key (ReadData) on every route; routes that
/// change things add a stricter policy. Only /api/health is anonymous.
/// </summary>
public static class MeiroApi
{
    public static IEndpointRouteBuilder MapMeiroApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.ReadData);
        api.MapHealthApi();
        api.MapOverviewApi();
        api.MapMmmApi();
        api.MapModelsApi();
        api.MapAttributionApi();
        api.MapExperimentsApi();
        api.MapChannelsApi();
        api.MapTaxonomyApi();
        api.MapModelConfigsApi();
        api.MapDataQualityApi();
        api.MapAlertRulesApi();
        api.MapNotificationChannelsApi();
        api.MapAdminApi();
        DataSources.CdpApi.MapCdpApi(api);
        Explainability.ExplainabilityApi.MapExplainabilityApi(api);
        DataSources.ExpensesApi.MapExpensesApi(api);
        Scenarios.ScenariosApi.MapScenariosApi(api);
        return app;
    }
}
