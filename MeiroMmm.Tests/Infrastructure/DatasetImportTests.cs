using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Infrastructure.Mmm;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>Uploaded files: wide and tall reading, the pivot, frequency detection, suggestions, and every problem named by row and column.</summary>
public sealed class DatasetImportTests
{
    /// <summary>12 weekly rows (the engine needs l_max + 2 = 10): two KPIs, two channels, one control.</summary>
    public static string WideCsv(int rows = 12, int stepDays = 7, string delimiter = ",")
    {
        var lines = new List<string> { string.Join(delimiter, "date", "sales", "profit", "tv_spend", "search_spend", "price_index") };
        var start = new DateOnly(2025, 1, 6);
        for (int i = 0; i < rows; i++)
            lines.Add(string.Join(delimiter, start.AddDays(i * stepDays).ToString("yyyy-MM-dd"), 1000 + 10 * i, 300 + i % 4, 100 + 5 * (i % 3), 50 + i, (1 + 0.01 * i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return string.Join("\n", lines) + "\n";
    }

    [Fact]
    public void Xlsx_FirstSheet_ReadsLikeTheSameCsv_WithDateCellsAsDates()
    {
        var xlsx = MeiroMmm.Tests.Support.XlsxWorkbook.Create(("Weekly", MeiroMmm.Tests.Support.XlsxWorkbook.Rows(WideCsv())), ("Notes", [["note"], ["made by hand"]]));
        var fromXlsx = DatasetFile.ReadXlsx(new MemoryStream(xlsx), sheet: null);
        var fromCsv = Read(WideCsv());
        Assert.Empty(fromXlsx.Problems);
        Assert.Equal(fromCsv.Wide!.Header, fromXlsx.Wide!.Header);
        Assert.Equal(fromCsv.Wide.Rows.Select(r => string.Join(",", r)), fromXlsx.Wide.Rows.Select(r => string.Join(",", r)));
        Assert.Equal("2025-01-06", fromXlsx.Wide.Cell(0, 0));          // a date serial (45663) with a date format
        Assert.True(BuildWithSuggestions(fromXlsx).IsValid);
        Assert.Equal(["Weekly", "Notes"], XlsxTableReader.SheetNames(new MemoryStream(xlsx)));
    }

    [Fact]
    public void Xlsx_ChosenSheet_IsRead_AndAMissingSheetOrANonWorkbookIsAProblem()
    {
        var xlsx = MeiroMmm.Tests.Support.XlsxWorkbook.Create(("Notes", [["note"], ["made by hand"]]), ("Data", MeiroMmm.Tests.Support.XlsxWorkbook.Rows(WideCsv(rows: 11))));
        Assert.Equal(11, DatasetFile.ReadXlsx(new MemoryStream(xlsx), "data").Wide!.Rows.Count);
        Assert.Equal("sheet", Assert.Single(DatasetFile.ReadXlsx(new MemoryStream(xlsx), "Budget").Problems).Column);
        Assert.Equal("(file)", Assert.Single(DatasetFile.ReadXlsx(new MemoryStream("date,sales\n"u8.ToArray()), null).Problems).Column);
    }

    private static DatasetFile Read(string csv, bool byCampaign = false) => DatasetFile.Read(new StringReader(csv), byCampaign);

    private static DatasetImportResult BuildWithSuggestions(DatasetFile file, string name = "test")
    {
        var roles = ColumnRoleSuggester.Suggest(file.Wide!);
        return DatasetImporter.Build(file.Wide!, DatasetImportSpec.FromRoles(name, PeriodDates.DetectFrequency(file.Wide!, "date") ?? "weekly", roles));
    }

    [Fact]
    public void WideCsv_SuggestsRoles_AndBuildsAValidDataset()
    {
        var file = Read(WideCsv());
        Assert.False(file.Tall);
        Assert.Empty(file.Problems);
        var roles = ColumnRoleSuggester.Suggest(file.Wide!);
        Assert.Equal(UploadColumnRole.Date, roles["date"]);
        Assert.Equal(UploadColumnRole.Kpi, roles["sales"]);
        Assert.Equal(UploadColumnRole.Kpi, roles["profit"]);
        Assert.Equal(UploadColumnRole.Spend, roles["tv_spend"]);
        Assert.Equal(UploadColumnRole.Spend, roles["search_spend"]);
        Assert.Equal(UploadColumnRole.Control, roles["price_index"]);

        var result = BuildWithSuggestions(file);
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(12, result.Data!.PeriodCount);
        Assert.Equal(["sales", "profit"], result.Data.Kpis.Select(k => k.Name));
        Assert.Equal(105.0, result.Data.Channels[0].Values[4]);   // data row 5 (i = 4): 100 + 5 · (4 mod 3)
    }

    [Theory]
    [InlineData(7, "weekly")]
    [InlineData(1, "daily")]
    [InlineData(30, null)]
    public void DetectFrequency_FromTheMostCommonGap(int stepDays, string? expected)
    {
        var dates = Enumerable.Range(0, 20).Select(i => new DateOnly(2025, 1, 1).AddDays(i * stepDays)).Where((_, i) => i != 5).ToList();   // one missing period
        Assert.Equal(expected, PeriodDates.DetectFrequency(dates));
    }

    [Fact]
    public void SemicolonFile_IsReadWithTheDetectedDelimiter()
    {
        var file = Read(WideCsv(delimiter: ";"));
        Assert.Empty(file.Problems);
        Assert.Equal(6, file.Wide!.Header.Count);
    }

    [Fact]
    public void OneColumnFile_IsReportedAsAWrongDelimiter()
    {
        var file = Read("date sales tv_spend\n2025-01-06 100 5\n");
        Assert.Contains(file.Problems, p => p.Message.Contains("only one column"));
    }

    [Fact]
    public void MalformedFile_ReportsEveryProblemWithRowAndColumn()
    {
        var lines = WideCsv().TrimEnd('\n').Split('\n').ToList();
        lines[3] = lines[3].Replace(",100,", ",abc,").Replace(",105,", ",abc,").Replace(",110,", ",abc,");   // data row 3: text in tv_spend
        lines[6] = lines[5].Split(',')[0] + lines[6][lines[6].IndexOf(',')..];                                  // data row 6 repeats row 5's date
        lines[8] = "not-a-date" + lines[8][lines[8].IndexOf(',')..];                                            // data row 8: no date
        var split9 = lines[9].Split(','); split9[4] = "-20"; lines[9] = string.Join(',', split9);               // data row 9: negative search spend
        var file = Read(string.Join('\n', lines));
        Assert.Empty(file.Problems);

        var result = BuildWithSuggestions(file);
        Assert.False(result.IsValid);
        Assert.Null(result.Data);
        Assert.Contains(new DataProblem("tv_spend", 3, "'abc' is not a number."), result.Problems);
        Assert.Contains(new DataProblem("date", 8, "'not-a-date' is not a date (use YYYY-MM-DD)."), result.Problems);
        Assert.Contains(result.Problems, p => p is { Column: "search_spend", Row: 9 } && p.Message.Contains("negative spend"));
        Assert.DoesNotContain(result.Problems, p => p is { Column: "tv_spend", Row: 3, Message: "is not a number." });   // reported once, not twice
    }

    [Fact]
    public void DuplicateDate_IsReportedByTheEngineRule()
    {
        var lines = WideCsv().TrimEnd('\n').Split('\n').ToList();
        lines[6] = lines[5].Split(',')[0] + lines[6][lines[6].IndexOf(',')..];
        var result = BuildWithSuggestions(Read(string.Join('\n', lines)));
        Assert.Contains(result.Problems, p => p is { Column: "date", Row: 6 } && p.Message.StartsWith("duplicate date"));
    }

    [Fact]
    public void EngineRules_ConstantKpiZeroChannelTooFewRows_AllReportedAtOnce()
    {
        var csv = "date,sales,tv_spend,radio_spend\n" + string.Join("\n", Enumerable.Range(0, 5).Select(i => $"{new DateOnly(2025, 1, 6).AddDays(7 * i):yyyy-MM-dd},100,{i + 1},0"));
        var result = BuildWithSuggestions(Read(csv));
        Assert.Contains(result.Problems, p => p.Column == "date" && p.Message.Contains("too few"));
        Assert.Contains(result.Problems, p => p.Column == "sales" && p.Message.Contains("constant"));
        Assert.Contains(result.Problems, p => p.Column == "radio_spend" && p.Message.Contains("zero in every period"));
    }

    [Fact]
    public void WrongFrequency_IsReportedAtTheRow()
    {
        var file = Read(WideCsv(stepDays: 1));
        var roles = ColumnRoleSuggester.Suggest(file.Wide!);
        var result = DatasetImporter.Build(file.Wide!, DatasetImportSpec.FromRoles("x", "weekly", roles));
        Assert.Contains(result.Problems, p => p is { Column: "date", Row: 2 } && p.Message.Contains("weekly data has 7 days"));
    }

    [Fact]
    public void TallFile_IsPivotedByChannel_WithMissingRowsAsZeroSpend()
    {
        var csv = "date,channel,campaign,spend,clicks,revenue\n" +
                  "2025-01-06,Meta Ads,brand,10,5,100\n2025-01-06,Meta Ads,promo,5,1,20\n2025-01-06,TV,all,50,0,0\n" +
                  "2025-01-13,TV,all,40,0,0\n";   // no Meta row on the 13th
        var file = Read(csv);
        Assert.True(file.Tall);
        Assert.Empty(file.Problems);
        var wide = file.Wide!;
        Assert.Equal(["date", "revenue", "meta_ads_spend", "meta_ads_clicks", "tv_spend", "tv_clicks"], wide.Header);
        Assert.Equal(["2025-01-06", "120", "15", "6", "50", "0"], wide.Rows[0]);
        Assert.Equal(["2025-01-13", "0", "0", "0", "40", "0"], wide.Rows[1]);
        var roles = ColumnRoleSuggester.Suggest(wide);
        Assert.Equal(UploadColumnRole.Kpi, roles["revenue"]);
        Assert.Equal(UploadColumnRole.Spend, roles["meta_ads_spend"]);
        Assert.Equal(UploadColumnRole.Ignore, roles["meta_ads_clicks"]);
    }

    [Fact]
    public void TallFile_ByCampaign_HasOneColumnPerChannelAndCampaign_AndNamesBadCellsByFileRow()
    {
        var csv = "date,channel,campaign,spend\n2025-01-06,Meta,brand,10\n2025-01-06,Meta,promo,x\n2025-01-13,Meta,brand,4\n";
        var file = Read(csv, byCampaign: true);
        Assert.Contains("meta_brand_spend", file.Wide!.Header);
        Assert.Contains("meta_promo_spend", file.Wide.Header);
        Assert.Contains(new DataProblem("spend", 2, "'x' is not a number."), file.Problems);
    }

    [Fact]
    public void EmptyFile_AndHeaderOnly_AreProblems()
    {
        Assert.Contains(Read("").Problems, p => p.Message.Contains("empty"));
        Assert.Contains(Read("date,sales\n").Problems, p => p.Message.Contains("no data rows"));
    }
}
