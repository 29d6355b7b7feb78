using System.Globalization;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Infrastructure.Mmm;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace MeiroMmm.Web.Mmm;

public sealed partial class DatasetUploadWizard(DatasetStore store, IConfiguration configuration, TimeProvider clock)
{
    private const int PreviewRows = 8;

    /// <summary>Called with the saved dataset, so the page can list and select it.</summary>
    [Parameter] public EventCallback<DatasetSummary> OnSaved { get; set; }
    /// <summary>Called when the user closes the wizard without saving.</summary>
    [Parameter] public EventCallback OnCancel { get; set; }

    private MudStepper? _stepper;
    private int _step;
    private long _maxBytes;
    private string? _fileName;
    private long _fileBytes;
    private string _fileText = "";
    private byte[]? _xlsx;
    private IReadOnlyList<string> _sheets = [];
    private string? _sheet;
    private bool _reading, _byCampaign, _saving;
    private DatasetFile? _file;
    private IReadOnlyList<DataProblem> _readProblems = [];
    private string _name = "";
    private string? _nameFromFile;
    private string _frequency = PeriodDates.Weekly;
    private string? _detectedFrequency;
    private Dictionary<string, UploadColumnRole> _roles = [];
    private List<ColumnStats> _stats = [];
    private DatasetImportResult? _check;
    private string? _saveError;

    protected override void OnInitialized() => _maxBytes = DatasetUploadLimit.MaxBytes(configuration);

    private string FrequencyNote => _detectedFrequency is null
        ? "The dates are not 1 or 7 days apart: check the date column."
        : $"Detected from the dates: {_detectedFrequency}.";

    private async Task LoadFileAsync(IBrowserFile? file)
    {
        if (file is null) return;
        _fileName = file.Name; _fileBytes = file.Size; _file = null; _check = null; _saveError = null;
        if (file.Size > _maxBytes)
        {
            _readProblems = [new DataProblem("(file)", null, $"the file is {DatasetUploadLimit.Describe(file.Size)}, more than the upload limit of {DatasetUploadLimit.Describe(_maxBytes)}.")];
            return;
        }
        _reading = true;
        try
        {
            _xlsx = null; _sheets = []; _sheet = null;
            if (DatasetFile.IsXlsx(file.Name))
            {
                using var buffer = new MemoryStream();
                await file.OpenReadStream(_maxBytes).CopyToAsync(buffer);
                _xlsx = buffer.ToArray();
                _sheets = XlsxTableReader.SheetNames(new MemoryStream(_xlsx));
                _sheet = _sheets.FirstOrDefault();
            }
            else
            {
                using var reader = new StreamReader(file.OpenReadStream(_maxBytes));
                _fileText = await reader.ReadToEndAsync();
            }
        }
        catch (IOException e)
        {
            _readProblems = [new DataProblem("(file)", null, $"the file could not be read: {e.Message}")];
            return;
        }
        finally { _reading = false; }
        NameAfter(file.Name);
        Parse();
    }

    /// <summary>The name follows the file until the user types one of their own.</summary>
    private void NameAfter(string fileName)
    {
        if (string.IsNullOrWhiteSpace(_name) || _name == _nameFromFile) _name = Path.GetFileNameWithoutExtension(fileName);
        _nameFromFile = Path.GetFileNameWithoutExtension(fileName);
    }

    private void Parse()
    {
        _file = _xlsx is { } workbook ? DatasetFile.ReadXlsx(new MemoryStream(workbook), _sheet, _byCampaign)
            : DatasetFile.Read(new StringReader(_fileText), _byCampaign);
        _readProblems = _file.Problems;
        if (_file.Wide is not { } wide) return;
        _roles = ColumnRoleSuggester.Suggest(wide);
        _stats = [.. wide.Header.Select(h => ColumnStats.Of(wide, h))];
        string date = _roles.FirstOrDefault(r => r.Value == UploadColumnRole.Date).Key ?? "";
        _detectedFrequency = PeriodDates.DetectFrequency(wide, date);
        _frequency = _detectedFrequency ?? PeriodDates.Weekly;
        _check = null;
    }

    private void PickSheet(string sheet)
    {
        _sheet = sheet;
        Parse();
    }

    private Task PivotByCampaignAsync(bool byCampaign)
    {
        _byCampaign = byCampaign;
        Parse();
        return Task.CompletedTask;
    }

    private void SetRole(string column, UploadColumnRole role)
    {
        // One date column: choosing another one turns the old one off.
        if (role == UploadColumnRole.Date)
            foreach (var other in _roles.Where(r => r.Value == UploadColumnRole.Date).Select(r => r.Key).ToList()) _roles[other] = UploadColumnRole.Ignore;
        _roles[column] = role;
        if (role == UploadColumnRole.Date && _file?.Wide is { } wide)
        {
            _detectedFrequency = PeriodDates.DetectFrequency(wide, column);
            _frequency = _detectedFrequency ?? _frequency;
        }
        _check = null;
    }

    private DatasetImportSpec Spec() => DatasetImportSpec.FromRoles(_name, _frequency, _roles);

    private void Check()
    {
        if (_file?.Wide is { } wide) _check = DatasetImporter.Build(wide, Spec());
    }

    /// <summary>The stepper's own header clicks: no leaving the first step without a readable file; the last step checks.</summary>
    private Task OnStepAsync(StepperInteractionEventArgs args)
    {
        if (args.Action == StepAction.Activate && args.StepIndex > 0 && (_file?.Wide is null || _readProblems.Count > 0)) args.Cancel = true;
        else if (args.Action == StepAction.Activate && args.StepIndex == 2) Check();
        return Task.CompletedTask;
    }

    private async Task NextAsync()
    {
        if (_stepper is null) return;
        await _stepper.NextStepAsync();
        if (_step == 2) Check();
    }

    private async Task BackAsync()
    {
        if (_stepper is not null) await _stepper.PreviousStepAsync();
    }

    private async Task SaveAsync()
    {
        Check();
        if (_check is not { IsValid: true, Data: { } data }) return;
        _saving = true; _saveError = null;
        try
        {
            var spec = Spec();
            var saved = await store.SaveAsync(spec.Name, spec.Frequency, data, "upload", clock.GetUtcNow(), CancellationToken.None);
            await OnSaved.InvokeAsync(saved);
        }
        catch (System.Data.Common.DbException e) { _saveError = e.Message; }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException e) { _saveError = e.InnerException?.Message ?? e.Message; }
        finally { _saving = false; }
    }

    private Task CancelAsync() => OnCancel.InvokeAsync();

    private static string RoleLabel(UploadColumnRole role) => role switch
    {
        UploadColumnRole.Kpi => "KPI",
        UploadColumnRole.Spend => "Spend channel",
        UploadColumnRole.Control => "Control",
        UploadColumnRole.Date => "Date",
        _ => "Not used",
    };

    private static string Number(double v) => !double.IsFinite(v) ? "–"
        : Math.Abs(v) >= 1000 ? v.ToString("#,0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Sanitize(string column) => new([.. column.Select(c => char.IsLetterOrDigit(c) || c == '_' ? c : '-')]);
}
