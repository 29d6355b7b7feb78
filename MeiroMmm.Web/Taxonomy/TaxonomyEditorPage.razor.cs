using System.Data.Common;
using System.Globalization;
using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Taxonomy;
using MeiroMmm.Web.Attribution;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace MeiroMmm.Web.Taxonomy;

/// <summary>
/// The taxonomy editor: rules (reordered by dragging or with up/down buttons in RuleOrderList, edited one at a time in a
/// form, regex errors at the field as ChannelRuleCheck words them),
/// alias tables, a live tester that follows the unsaved edits, the impact preview over the stored journeys, and saving
/// as a new version after the preview has been shown. Admins only.
/// </summary>
public sealed partial class TaxonomyEditorPage(TaxonomyStore store, TaxonomyReports reports, IDialogService dialogs)
{
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    private List<RuleRow>? _rules;
    private RuleOrderList? _ruleList;
    private RuleRow? _selected;
    private List<AliasRow> _sourceAliases = [], _mediumAliases = [];
    private int _baseVersion;
    private Dictionary<string, string> _errors = [];
    private ChannelMapper? _currentMapper, _draftMapper;
    private string? _error;
    private string _testUrl = "", _testSource = "", _testMedium = "", _testCampaign = "";
    private ChannelMapping? _tested, _testedBefore;
    private string? _testProblem;
    private TaxonomyImpact? _impact;
    private bool _impactStale, _previewing, _saving;
    private string _note = "";
    private string? _saveMessage;
    private Severity _saveSeverity = Severity.Success;

    protected override async Task OnInitializedAsync()
    {
        try { await LoadAsync(); }
        catch (DbException e) { _error = e.Message; }
    }

    private async Task LoadAsync()
    {
        var current = await store.CurrentAsync(CancellationToken.None);
        _baseVersion = current.Info.Version;
        _currentMapper = current.Mapper;
        _rules = [.. current.Taxonomy.Rules.OrderBy(r => r.Priority).Select(RuleRow.From)];
        _selected = null;
        _ruleList?.Refresh();
        _sourceAliases = [.. current.Taxonomy.SourceAliases.Select(a => new AliasRow { Alias = a.Key, Value = a.Value })];
        _mediumAliases = [.. current.Taxonomy.MediumAliases.Select(a => new AliasRow { Alias = a.Key, Value = a.Value })];
        Changed();
    }

    /// <summary>The draft as a taxonomy; an alias typed twice keeps its first row (the second is flagged).</summary>
    private ChannelTaxonomy Draft() => new(
        [.. _rules!.Select((r, i) => r.ToRule(i))],
        _sourceAliases.DistinctBy(a => a.Alias).ToDictionary(a => a.Alias, a => a.Value),
        _mediumAliases.DistinctBy(a => a.Alias).ToDictionary(a => a.Alias, a => a.Value));

    /// <summary>After every edit: re-check the draft, rebuild its mapper when it is valid, re-run the tester, mark the preview stale.</summary>
    private void Changed()
    {
        if (_rules is null) return;
        var draft = Draft();
        _errors = ChannelTaxonomyCheck.Check(draft).GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Message)));
        foreach (var (rows, field) in new[] { (_sourceAliases, "source_aliases"), (_mediumAliases, "medium_aliases") })
            foreach (var dup in rows.GroupBy(a => a.Alias).Where(g => g.Count() > 1))
                _errors.TryAdd($"{field}.{dup.Key}", $"Alias '{dup.Key}' is given twice.");
        _draftMapper = _errors.Count == 0 ? new ChannelMapper(draft) : null;
        if (_impact is not null) _impactStale = true;
        Test();
    }

    private void Test()
    {
        _testProblem = null;
        _tested = _testedBefore = null;
        if (_draftMapper is null) { _testProblem = "Fix the problems in the rules first; the tester uses your edits."; return; }
        string? source = _testSource, medium = _testMedium, campaign = _testCampaign;
        if (_testUrl.Trim().Length > 0)
        {
            var result = new UtmValidator(_draftMapper).ValidateUrl(_testUrl);
            if (result.Errors.FirstOrDefault(e => e.Field == "url") is { } urlError) { _testProblem = urlError.Message; return; }
            source = result.Normalized.GetValueOrDefault("utm_source");
            medium = result.Normalized.GetValueOrDefault("utm_medium");
            campaign = result.Normalized.GetValueOrDefault("utm_campaign");
        }
        if (string.IsNullOrWhiteSpace(source) && string.IsNullOrWhiteSpace(medium)) return;
        _tested = _draftMapper.Map(source, medium, campaign);
        _testedBefore = _currentMapper?.Map(source, medium, campaign);
    }

    private void AddRule()
    {
        _selected = new RuleRow { Name = "New rule", Channel = "", Source = "", Medium = "" };
        _rules!.Insert(0, _selected);
        _ruleList?.Refresh();
        Changed();
    }

    private void Select(RuleRow row) => _selected = row;

    private void Delete(RuleRow row)
    {
        _rules!.Remove(row);
        if (ReferenceEquals(row, _selected)) _selected = null;
        _ruleList?.Refresh();
        Changed();
    }

    private async Task PreviewAsync()
    {
        if (_errors.Count > 0) return;
        _previewing = true;
        try
        {
            _impact = await reports.PreviewImpactAsync(Draft(), CancellationToken.None);
            _impactStale = false;
        }
        catch (DbException e) { (_saveMessage, _saveSeverity) = ($"The preview could not read the journeys: {e.Message}", Severity.Error); }
        _previewing = false;
    }

    /// <summary>Shows the impact first and asks for confirmation, so nobody saves a taxonomy without seeing what it moves.</summary>
    private async Task SaveAsync()
    {
        if (_errors.Count > 0) return;
        _saving = true;
        _saveMessage = null;
        try
        {
            if (_impact is null || _impactStale) await PreviewAsync();
            string summary = _impact is { } i
                ? $"{i.Changed:N0} of {i.Touchpoints:N0} stored touchpoints change channel; the unknown share goes from {Percent(i.UnknownShareBefore)} to {Percent(i.UnknownShareAfter)}."
                : "The impact could not be computed.";
            if (await dialogs.ShowMessageBoxAsync($"Save as version {_baseVersion + 1}?", summary + " Reports and new attribution runs use the new version at once; the current one stays restorable.",
                    yesText: "Save", cancelText: "Cancel") != true)
                return;
            string actor = AuthState is null ? "unknown" : ActorName.Of((await AuthState).User);
            var op = await store.SaveAsync(Draft(), actor, _note, _baseVersion, CancellationToken.None);
            if (op.Value is { } saved)
            {
                await LoadAsync();
                (_impact, _note) = (null, "");
                (_saveMessage, _saveSeverity) = ($"Saved as version {saved.Version}.", Severity.Success);
            }
            else
            {
                foreach (var e in op.Errors) _errors[e.Field] = e.Message;
                (_saveMessage, _saveSeverity) = (op.Message, Severity.Warning);
            }
        }
        catch (DbException e) { (_saveMessage, _saveSeverity) = ($"Not saved: {e.Message}", Severity.Error); }
        finally { _saving = false; }
    }

    /// <summary>The channels the chart shows: those that gain or lose touchpoints, most moved first, at most 10.</summary>
    private static List<ChannelShift> ImpactChannels(TaxonomyImpact impact) =>
        [.. impact.Channels.Where(c => c.MovedIn + c.MovedOut > 0).OrderByDescending(c => c.MovedIn + c.MovedOut)
            .ThenBy(c => c.Channel, StringComparer.Ordinal).Take(10)];

    private static IReadOnlyList<string> ImpactCategories(TaxonomyImpact impact) => [.. ImpactChannels(impact).Select(c => c.Channel)];

    private static IReadOnlyList<BarSeries> ImpactSeries(TaxonomyImpact impact)
    {
        var channels = ImpactChannels(impact);
        var moved = channels.Select(c => string.Create(CultureInfo.InvariantCulture, $"<br>moves in {c.MovedIn:N0}, moves out {c.MovedOut:N0}")).ToList();
        return
        [
            new BarSeries("Now", [.. channels.Select(c => (double)c.Before)], moved),
            new BarSeries("With edit", [.. channels.Select(c => (double)c.After)], moved),
        ];
    }

    private bool Has(string field) => _errors.ContainsKey(field);
    private string? Of(string field) => _errors.GetValueOrDefault(field);

    private static string Show(string value) => value.Length == 0 ? "(absent)" : value;

    private static string Percent(double share) => share.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string Points(double change) =>
        (change > 0 ? "+" : change < 0 ? "−" : "±") + Math.Abs(change * 100).ToString("0.0", CultureInfo.InvariantCulture) + " pp";

    private static string ConfidenceMeaning(double confidence) => confidence switch
    {
        >= 1.0 => "source and medium both match",
        >= 0.8 => "only one of source and medium is present",
        >= 0.6 => "matched through an alias or a near spelling",
        >= 0.3 => "unknown: no rule matches",
        _ => "unknown: nothing to go on",
    };
}
