using MeiroMmm.Domain.Experiments;

namespace MeiroMmm.Web.Experiments;

/// <summary>The power-analysis answer as the API and `experiment power` both print it (snake_case keys).</summary>
public static class PowerAnalysisJson
{
    public static Dictionary<string, object?> From(PowerAnalysisRequest request, PowerAnalysisResult result)
    {
        var json = new Dictionary<string, object?>();
        if (request.NPerGroup is not null)
        {
            json["mde"] = result.Mde;
            json["mde_type"] = request.MdeType == MdeScale.Absolute ? "absolute" : "relative";
            json["mde_absolute"] = result.MdeAbsolute;
            json["mde_relative"] = result.MdeRelative;
        }
        json["n_treatment"] = result.NTreatment;
        json["n_control"] = result.NControl;
        json["n_total"] = result.NTotal;
        json["days"] = result.Days;
        json["method"] = result.Method == PowerMethod.Fleiss ? "fleiss" : "cohens_h";
        return json;
    }
}
