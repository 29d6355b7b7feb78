using System.Globalization;
using System.Text.Json;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.DataSources;

/// <summary>Spend rows as read from a CSV or a CDP, before they are stored.</summary>
public sealed record ExpenseRow(DateOnly Date, string Channel, string Campaign, double Spend, string Currency);

/// <summary>
/// What an expense import did: rows inserted, rows whose spend was replaced, or the problems (nothing stored). A CDP
/// import also tells the pages and records read and its watermark before and after (null before: a full read).
/// </summary>
public sealed record ExpenseImportResult(int Inserted, int Updated, IReadOnlyList<FieldError> Problems,
    int? Pages = null, int? Records = null, DateTimeOffset? WatermarkBefore = null, DateTimeOffset? WatermarkAfter = null);

/// <summary>Full reads the whole expenses endpoint; incremental asks only for rows updated since the stored watermark.</summary>
public enum ExpenseImportMode { Incremental, Full }

/// <summary>Spend of one channel in one currency over a date range.</summary>
public sealed record ChannelSpend(string Channel, string Currency, double Spend);

/// <summary>Spend per channel and currency over the stored expenses (the page's summary).</summary>
public sealed record ExpenseSummary(string Channel, string Currency, DateOnly From, DateOnly To, int Rows, double Spend);

/// <summary>
/// The expenses table: imports from CSV (<c>date,channel,campaign,spend,currency</c>) or a CDP's expenses endpoint,
/// validated row by row naming row and column; all rows or none are stored. A row whose (date, channel, campaign,
/// currency, source) is stored already has its spend replaced, so importing the same data twice changes nothing.
/// </summary>
public sealed class ExpenseStore(IDbContextFactory<MeiroDbContext> dbFactory, CdpClient client, CdpSecrets secrets, TimeProvider clock)
{
    public const int MaxRows = 1_000_000;
    private static readonly string[] Required = ["date", "channel", "spend", "currency"];

    /// <summary>Parses and checks the CSV; problems name the CSV row (data rows from 1) and column.</summary>
    public static (List<ExpenseRow> Rows, List<FieldError> Problems) ReadCsv(TextReader reader)
    {
        var problems = new List<FieldError>();
        var (table, csvProblems) = UploadedTable.ReadCsv(reader);
        problems.AddRange(csvProblems.Select(p => new FieldError(p.Row is { } row ? $"row {row}.{p.Column}" : p.Column, p.Message)));
        if (table is null) return ([], problems);
        foreach (var column in Required.Where(c => table.ColumnIndex(c) < 0))
            problems.Add(new FieldError(column, $"the CSV has no '{column}' column (expected date,channel,campaign,spend,currency)."));
        if (problems.Count > 0) return ([], problems);
        int campaign = table.ColumnIndex("campaign");
        var rows = new List<ExpenseRow>();
        for (int r = 0; r < table.Rows.Count; r++)
        {
            string Cell(string c) => table.Cell(r, table.ColumnIndex(c)).Trim();
            var (row, problem) = Parse(Cell("date"), Cell("channel"), campaign < 0 ? "" : table.Cell(r, campaign).Trim(), Cell("spend"), Cell("currency"));
            if (problem is not null) problems.Add(new FieldError($"row {r + 1}.{problem.Field}", problem.Message));
            else rows.Add(row!);
        }
        return (rows, problems);
    }

    /// <summary>One expense from text fields; the problem names the field.</summary>
    public static (ExpenseRow? Row, FieldError? Problem) Parse(string? date, string? channel, string? campaign, string? spend, string? currency)
    {
        if (date is null || !PeriodDates.TryParse(date, out var d)) return (null, new("date", $"'{date}' is not a date (use YYYY-MM-DD)."));
        if (string.IsNullOrWhiteSpace(channel) || channel.Trim().Length > 200) return (null, new("channel", "channel is required (at most 200 characters)."));
        if ((campaign ?? "").Length > 200) return (null, new("campaign", "campaign is longer than 200 characters."));
        if (!double.TryParse(spend, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) || !double.IsFinite(s) || s < 0)
            return (null, new("spend", $"'{spend}' is not a non-negative number."));
        string code = (currency ?? "").Trim().ToUpperInvariant();
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper)) return (null, new("currency", $"'{currency}' is not a 3-letter currency code such as EUR."));
        return (new ExpenseRow(d, channel.Trim(), (campaign ?? "").Trim(), s, code), null);
    }

    /// <summary>Stores the rows for one source in one transaction (insert, or replace the spend of the same key).</summary>
    public Task<ExpenseImportResult> SaveAsync(IReadOnlyList<ExpenseRow> rows, string source, CancellationToken ct) =>
        SaveAsync(rows, source, null, ct);

    /// <summary>
    /// The same, and when <paramref name="watermark"/> is given, the connection's expenses watermark moves to it in the
    /// same transaction: it advances only with committed rows.
    /// </summary>
    private async Task<ExpenseImportResult> SaveAsync(IReadOnlyList<ExpenseRow> rows, string source, (int ConnectionId, DateTimeOffset? Since)? watermark, CancellationToken ct)
    {
        var repeated = rows.GroupBy(r => (r.Date, r.Channel, r.Campaign, r.Currency)).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            return new(0, 0, [new FieldError("rows", $"{repeated.Key.Date:yyyy-MM-dd} {repeated.Key.Channel} '{repeated.Key.Campaign}' {repeated.Key.Currency} appears {repeated.Count()} times; sum it into one row.")]);
        if (rows.Count == 0) return new(0, 0, [new FieldError("rows", "there are no expense rows.")]);
        if (rows.Count > MaxRows) return new(0, 0, [new FieldError("rows", $"more than {MaxRows:N0} rows; split the import.")]);
        var from = rows.Min(r => r.Date);
        var to = rows.Max(r => r.Date);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var stored = (await db.Set<Expense>().Where(e => e.Source == source && e.Date >= from && e.Date <= to).ToListAsync(ct))
                .ToDictionary(e => (e.Date, e.Channel, e.Campaign, e.Currency));
            int inserted = 0, updated = 0;
            foreach (var r in rows)
            {
                if (stored.TryGetValue((r.Date, r.Channel, r.Campaign, r.Currency), out var existing))
                {
                    if (existing.Spend != r.Spend) { existing.Spend = r.Spend; existing.ImportedAt = now; updated++; }
                    continue;
                }
                db.Add(new Expense { Date = r.Date, Channel = r.Channel, Campaign = r.Campaign, Spend = r.Spend, Currency = r.Currency, Source = source, ImportedAt = now });
                inserted++;
            }
            await db.SaveChangesAsync(ct);
            if (watermark is { } w)
                await db.Set<CdpConnection>().Where(c => c.Id == w.ConnectionId).ExecuteUpdateAsync(u => u.SetProperty(c => c.ExpensesSince, w.Since), ct);
            await tx.CommitAsync(ct);
            return new ExpenseImportResult(inserted, updated, []);
        });
    }

    /// <summary>
    /// Reads the connection's expenses endpoint (docs/CDP.md, "Expenses") and stores the rows as source <c>cdp:{name}</c>.
    /// Incremental (the default) asks for <c>updated_since</c> the stored watermark (inclusive: rows of the last instant
    /// come again and replace themselves); full reads everything. The watermark moves to the latest record time
    /// (<c>updated_at</c>, else the date) in the transaction that stores the rows, so a failed import leaves it where
    /// it was. Null when the connection does not exist; a problem when it has no expenses endpoint.
    /// </summary>
    public async Task<ExpenseImportResult?> ImportFromCdpAsync(int connectionId, CancellationToken ct) =>
        await ImportFromCdpAsync(connectionId, ExpenseImportMode.Incremental, ct);

    public async Task<ExpenseImportResult?> ImportFromCdpAsync(int connectionId, ExpenseImportMode mode, CancellationToken ct)
    {
        CdpConnection? connection;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            connection = await db.Set<CdpConnection>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == connectionId, ct);
        if (connection is null) return null;
        if (connection.ExpensesEndpoint is null) return new(0, 0, [new FieldError("expenses_endpoint", "the connection has no expenses endpoint; set one or upload a CSV.")]);
        string apiKey = secrets.Unprotect(connection.ApiKeyProtected);
        DateTimeOffset? since = mode == ExpenseImportMode.Full ? null : connection.ExpensesSince;
        var rows = new List<ExpenseRow>();
        var problems = new List<FieldError>();
        string? cursor = null;
        int number = 0, pages = 0;
        DateTimeOffset? latest = null;
        do
        {
            var page = await client.GetPageAsync(connection.BaseUrl, connection.ExpensesEndpoint, apiKey, cursor, connection.PageSize, since, ct);
            pages++;
            foreach (var record in page.Records)
            {
                number++;
                string? Field(string name) => record.ValueKind == JsonValueKind.Object && record.TryGetProperty(name, out var v)
                    ? v.ValueKind switch { JsonValueKind.String => v.GetString(), JsonValueKind.Number => v.GetRawText(), _ => null } : null;
                var (row, problem) = Parse(Field("date"), Field("channel"), Field("campaign"), Field("spend"), Field("currency"));
                if (problem is not null) { if (problems.Count < 100) problems.Add(new FieldError($"record {number}.{problem.Field}", problem.Message)); continue; }
                rows.Add(row!);
                var at = RecordTime(Field("updated_at"), row!.Date);
                if (at is null) { if (problems.Count < 100) problems.Add(new FieldError($"record {number}.updated_at", $"'{Field("updated_at")}' is not an ISO 8601 time.")); }
                else if (latest is null || at > latest) latest = at;
            }
            cursor = page.NextCursor;
        } while (cursor is not null);
        if (problems.Count > 0) return new(0, 0, problems, pages, number, since, since);
        // Nothing new since the watermark is a normal incremental answer, not a problem; the watermark stays.
        if (rows.Count == 0) return new(0, 0, [], pages, 0, since, since);
        // The watermark never moves back: a full read of old rows keeps a later watermark of an earlier pass.
        var after = connection.ExpensesSince is { } old && old > latest ? old : latest;
        var saved = await SaveAsync(rows, $"cdp:{connection.Name}", (connection.Id, after), ct);
        return saved with { Pages = pages, Records = number, WatermarkBefore = since, WatermarkAfter = saved.Problems.Count > 0 ? since : after };
    }

    /// <summary>A spend row's time for the watermark: its <c>updated_at</c> when sent (null when unreadable), else its date at 00:00 UTC.</summary>
    internal static DateTimeOffset? RecordTime(string? updatedAt, DateOnly date)
    {
        if (string.IsNullOrWhiteSpace(updatedAt)) return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return DateTimeOffset.TryParse(updatedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
    }

    public async Task<IReadOnlyList<ExpenseSummary>> SummaryAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Set<Expense>().AsNoTracking().GroupBy(e => new { e.Channel, e.Currency })
            .Select(g => new { g.Key.Channel, g.Key.Currency, From = g.Min(e => e.Date), To = g.Max(e => e.Date), Rows = g.Count(), Spend = g.Sum(e => e.Spend) })
            .ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Channel).ThenBy(r => r.Currency).Select(r => new ExpenseSummary(r.Channel, r.Currency, r.From, r.To, r.Rows, r.Spend))];
    }

    /// <summary>Spend per channel and currency with a date in [from, to] (open ends: all dates), summed in the database.</summary>
    public async Task<IReadOnlyList<ChannelSpend>> SpendByChannelAsync(DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.Set<Expense>().AsNoTracking();
        if (from is { } f) rows = rows.Where(e => e.Date >= f);
        if (to is { } t) rows = rows.Where(e => e.Date <= t);
        var sums = await rows.GroupBy(e => new { e.Channel, e.Currency })
            .Select(g => new { g.Key.Channel, g.Key.Currency, Spend = g.Sum(e => e.Spend) }).ToListAsync(ct);
        return [.. sums.OrderBy(r => r.Channel, StringComparer.Ordinal).ThenBy(r => r.Currency, StringComparer.Ordinal).Select(r => new ChannelSpend(r.Channel, r.Currency, r.Spend))];
    }
}
