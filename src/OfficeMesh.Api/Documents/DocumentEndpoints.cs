using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OfficeMesh.Api.Auth;
using OfficeMesh.Api.Http;
using OfficeMesh.Api.Information;
using OfficeMesh.Api.Supervision;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Documents;

/// <summary>
/// What a county office prints and exchanges: the periodical issue and the 督办通知单 as Word documents,
/// the score table, the item list and the 督办台账 as spreadsheets, and the directory brought in from one.
/// Each download reads what the JSON endpoint of the same resource reads, with the same access rules. The route
/// table first, then one named handler per route.
/// </summary>
public static class DocumentEndpoints
{
    public const string WordType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string ExcelType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const int MaxExportRows = 50_000;

    public static void MapDocumentEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/periodicals/{year:int}/issues/{number:int}/document", PeriodicalIssueDocument)
            .RequireAuthorization()
            .WithTags("Documents")
            .Produces<Stream>(StatusCodes.Status200OK, WordType)
            .Refuses(400, 401, 404)
            .WithSummary("The issue as a Word document in the bulletin layout of GB/T 9704 (for whoever may read the issue).");
        api.MapGet("/cases/{id}/notice", CaseNotice)
            .RequireAuthorization()
            .WithTags("Documents")
            .Produces<Stream>(StatusCodes.Status200OK, WordType)
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("督办通知单 (kind=assignment) or 催办通知 (kind=urging) for a case, as a Word document with the case number.");
        api.MapGet("/scores/export", ScoresSpreadsheet)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.UnitOfficer, RoleNames.InfoEditor, RoleNames.Supervisor, RoleNames.Duty, RoleNames.Leader))
            .WithTags("Documents")
            .Produces<Stream>(StatusCodes.Status200OK, ExcelType)
            .Refuses(400, 401, 403)
            .WithSummary("信息工作考核通报 as a spreadsheet: the units' table with adoption rates, then the authors'; same period as GET /scores.");
        api.MapGet("/items/export", ItemsSpreadsheet)
            .RequireAuthorization()
            .WithTags("Documents")
            .Produces<Stream>(StatusCodes.Status200OK, ExcelType)
            .Refuses(400, 401, 403)
            .WithSummary("The item list as a spreadsheet: the same filters and access as GET /items, every matching item (up to 50,000).");
        api.MapGet("/cases/export", CasesSpreadsheet)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.Supervisor, RoleNames.Leader))
            .WithTags("Documents")
            .Produces<Stream>(StatusCodes.Status200OK, ExcelType)
            .Refuses(400, 401, 403)
            .WithSummary("督办台账 as a spreadsheet (the filters of GET /cases), with a summary per lead unit: 办结率, 按期办结率, 超期件数.");
        api.MapPost("/directory/import", ImportDirectory)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.Admin))
            .WithTags("Directory")
            .Refuses(400, 401, 403)
            .WithSummary("Bring units and accounts in from an .xlsx (sheets 单位 and 账号); everything is checked first and any problem creates nothing; a real import returns the first passwords once.");
    }

    public static async Task<FileContentHttpResult> PeriodicalIssueDocument(int year, int number, string? county, HttpContext http,
        IGrainFactory grains, TimeProvider clock, IConfiguration configuration)
    {
        var countyCode = await SectionEndpoints.ReadableCountyAsync(grains, http.User.ToCaller(), county);
        var issue = countyCode is null ? null : await SectionEndpoints.Periodical(grains, countyCode, year, clock).GetIssue(number);
        if (issue is null)
            throw DomainException.NotFound(zh: $"{year}年第{number}期不存在", en: $"There is no issue {year}/{number}.");
        var print = await PeriodicalPrintAsync(grains, configuration, issue);
        return Download(output => PeriodicalDocument.Write(print, output), WordType, $"{print.Name}{year}年第{number}期.docx");
    }

    public static async Task<FileContentHttpResult> CaseNotice(string id, string? kind, HttpContext http, IGrainFactory grains, TimeProvider clock, IConfiguration configuration)
    {
        var noticeKind = kind switch
        {
            null or "assignment" => NoticeKind.Assignment,
            "urging" => NoticeKind.Urging,
            _ => throw DomainException.Invalid("kind", zh: $"通知类型“{kind}”无效，可选值：assignment（督办通知单）、urging（催办通知）",
                en: $"'{kind}' is not one of: assignment, urging."),
        };
        var caller = http.User.ToCaller();
        var view = await SupervisionEndpoints.Case(grains, id).View(caller);
        var c = view.Case;
        if (!caller.IsCounty(Role.Supervisor, c.CountyCode) && !c.Involves(caller.UnitCode))
            throw DomainException.Forbidden(zh: "督办通知由督查室和承办单位下载", en: "Notices are for the supervision office and the case's units.");
        if (noticeKind == NoticeKind.Urging && c.Status == CaseStatus.Closed)
            throw DomainException.Conflict(zh: "该督办事项已办结，无需催办", en: "The case is closed; there is nothing to urge.");
        var print = await NoticePrintAsync(grains, configuration, view, noticeKind, clock.GetUtcNow());
        return Download(output => CaseNoticeDocument.Write(print, output), WordType,
            $"{CaseNoticeDocument.TitleOf(noticeKind)}（{print.CaseNumber}）.docx");
    }

    public static async Task<FileContentHttpResult> ScoresSpreadsheet(HttpContext http, IGrainFactory grains, IOptions<ScoringRules> rules, TimeProvider clock,
        string? from, string? to)
    {
        var (county, periodFrom, periodTo) = SectionEndpoints.ScorePeriod(http.User.ToCaller(), from, to, clock);
        var board = grains.GetGrain<IScoreboardGrain>(GrainKeys.Scoreboard(county));
        var units = await board.Compute(periodFrom, periodTo, rules.Value);
        var authors = await board.ComputeAuthors(periodFrom, periodTo, rules.Value);
        var names = await UnitNamesAsync(grains, units.Select(row => row.UnitCode).Concat(authors.Select(row => row.UnitCode)));
        var sheets = Workbooks.Scores(units, authors, names);
        return Download(output => Spreadsheet.Write(sheets, output), ExcelType,
            $"信息工作考核通报（{ChinaTime.Of(periodFrom):yyyy-MM-dd}至{ChinaTime.Of(periodTo):yyyy-MM-dd}）.xlsx");
    }

    public static async Task<FileContentHttpResult> ItemsSpreadsheet(HttpContext http, IGrainFactory grains, TimeProvider clock,
        string? unit, string? status, string? kind, string? topic, string? from, string? to, string? order)
    {
        var caller = http.User.ToCaller();
        var query = ItemEndpoints.ListQuery(caller, unit, status, kind, topic, from, to, order, clock);
        var items = (await ItemEndpoints.ReadListAsync(grains, caller, query, null, MaxExportRows, clock)).Items;
        var names = await UnitNamesAsync(grains, items.Select(item => item.UnitCode));
        return Download(output => Spreadsheet.Write([Workbooks.Items(items, names)], output), ExcelType,
            $"信息列表（{ChinaTime.Of(clock.GetUtcNow()):yyyy-MM-dd}）.xlsx");
    }

    public static async Task<FileContentHttpResult> CasesSpreadsheet(HttpContext http, IGrainFactory grains, TimeProvider clock, string? unit, string? status, string? light,
        string? source, string? leader)
    {
        var caller = http.User.ToCaller();
        var listed = await SupervisionEndpoints.ListAsync(grains, caller, clock, unit, status, light, source, leader);
        var lights = listed.ToDictionary(entry => entry.Id, entry => entry.Light);
        var cases = (await Task.WhenAll(listed.Select(entry => grains.GetGrain<ICaseGrain>(GrainKeys.Case(entry.Id)).Get())))
            .OfType<SupervisionCase>().ToList();
        var names = await UnitNamesAsync(grains, cases.SelectMany(c => c.CoUnits.Prepend(c.LeadUnit)));
        var sheets = Workbooks.Cases(cases, lights, names, clock.GetUtcNow());
        return Download(output => Spreadsheet.Write(sheets, output), ExcelType, $"督办台账（{ChinaTime.Of(clock.GetUtcNow()):yyyy-MM-dd}）.xlsx");
    }

    public static async Task<Ok<DirectoryImportResult>> ImportDirectory(HttpRequest request, bool? dryRun, IGrainFactory grains)
    {
        using var workbook = new MemoryStream();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            var file = form.Files.FirstOrDefault()
                ?? throw DomainException.Invalid("file", zh: "请上传一个 .xlsx 文件", en: "Upload one .xlsx file.");
            await file.CopyToAsync(workbook, request.HttpContext.RequestAborted);
        }
        else
        {
            await request.Body.CopyToAsync(workbook, request.HttpContext.RequestAborted);
        }
        var read = DirectoryWorkbook.Read(workbook);
        var isDryRun = dryRun ?? false;
        if (read.Problems.Count > 0)
            return TypedResults.Ok(new DirectoryImportResult(isDryRun, 0, 0, read.Problems, null));
        return TypedResults.Ok(await grains.GetGrain<IDirectoryImportGrain>("directory").Import(read.Units, read.Accounts, isDryRun));
    }

    /// <summary>The file as an attachment: ASP.NET writes its name twice, ASCII-safe and as RFC 5987 <c>filename*</c> in UTF-8.</summary>
    private static FileContentHttpResult Download(Action<Stream> write, string contentType, string fileName)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        return TypedResults.File(buffer.ToArray(), contentType, fileName);
    }

    private static async Task<PeriodicalPrint> PeriodicalPrintAsync(IGrainFactory grains, IConfiguration configuration, PeriodicalIssue issue)
    {
        var office = await grains.GetGrain<IUnitGrain>(GrainKeys.Unit(issue.CountyCode)).Get();
        var settings = configuration.GetSection($"OfficeMesh:Periodicals:{issue.CountyCode}").Get<PeriodicalSettings>() ?? new PeriodicalSettings();
        var names = await UnitNamesAsync(grains, issue.Entries.Select(entry => entry.UnitCode));
        var items = await Task.WhenAll(issue.Entries.Select(entry => grains.GetGrain<IItemGrain>(GrainKeys.Item(entry.ItemId)).GetForPeriodical(issue.CountyCode)));
        var articles = issue.Entries.Select((entry, i) =>
            new PeriodicalArticle(entry.Column, items[i]?.Title ?? entry.Title, names[entry.UnitCode], items[i]?.Body ?? "")).ToList();
        var officeName = office?.Name ?? issue.CountyCode;
        return new PeriodicalPrint(settings.Name ?? DefaultPeriodicalName(officeName), issue.Year, issue.Number,
            settings.EditingOffice ?? $"{officeName}信息科", ChinaTime.ChineseDate(issue.PublishedAt), issue.Title, articles,
            settings.ReportTo, settings.SendTo, settings.IssueTo);
    }

    /// <summary>"淳安县两办" edits 《淳安信息》: the place name before 县 (区, 市), else the office's whole name, and 信息.</summary>
    public static string DefaultPeriodicalName(string countyOfficeName)
    {
        var end = countyOfficeName.IndexOfAny(['县', '区', '市']);
        return $"{(end >= 2 ? countyOfficeName[..end] : countyOfficeName)}信息";
    }

    private static async Task<CaseNoticePrint> NoticePrintAsync(IGrainFactory grains, IConfiguration configuration, CaseView view, NoticeKind kind, DateTimeOffset now)
    {
        var c = view.Case;
        var office = await grains.GetGrain<IUnitGrain>(GrainKeys.Unit(c.CountyCode)).Get();
        var settings = configuration.GetSection($"OfficeMesh:CaseNotices:{c.CountyCode}").Get<CaseNoticeSettings>() ?? new CaseNoticeSettings();
        var names = await UnitNamesAsync(grains, c.CoUnits.Prepend(c.LeadUnit));
        var officeName = settings.Office ?? $"{office?.Name ?? c.CountyCode}督查室";
        var contact = string.Join("，", new[] { settings.Contact, settings.Phone is null ? null : $"电话：{settings.Phone}" }.Where(part => part is not null));
        var dueDate = ChinaTime.ChineseDate(c.DueAt);
        var urging = kind == NoticeKind.Assignment ? null
            : view.Light == Light.Red
                ? $"该事项办理期限为{dueDate}，现已超过期限，请立即办理，并尽快报送办理结果；确有困难的，请书面说明情况。"
                : $"该事项办理期限为{dueDate}，即将到期，请抓紧办理，按期报送办理结果。";
        return new CaseNoticePrint(kind, c.Number ?? "（未编号）", c.Title, SourceText(c), names[c.LeadUnit],
            c.CoUnits.Count == 0 ? "无" : string.Join("、", c.CoUnits.Select(unit => names[unit])),
            dueDate, Requirements(c), officeName, contact.Length == 0 ? officeName : contact, ChinaTime.ChineseDate(now), urging);
    }

    /// <summary>A case from a leader's instruction keeps the instruction in full as its description and the leader as instructing leader.</summary>
    private static string SourceText(SupervisionCase c) => c.Source switch
    {
        CaseSource.Instruction => $"{c.InstructingLeader ?? "领导"}在《{c.Title}》上批示：“{c.Description}”",
        CaseSource.WorkPlan => Ref("年度重点工作", c.SourceRef),
        CaseSource.Meeting => Ref("会议议定事项", c.SourceRef),
        _ => Ref("领导交办事项", c.SourceRef),
    };

    private static string Ref(string source, string? reference) => string.IsNullOrWhiteSpace(reference) ? source : $"{source}（{reference}）";

    private static string Requirements(SupervisionCase c) => c.Source == CaseSource.Instruction
        ? "请按领导批示要求，牵头单位会同协办单位抓紧研究落实，在办理期限前报送办理结果。"
        : c.Description;

    internal static async Task<IReadOnlyDictionary<string, string>> UnitNamesAsync(IGrainFactory grains, IEnumerable<string> codes)
    {
        var distinct = codes.Distinct().ToList();
        var units = await Task.WhenAll(distinct.Select(code => grains.GetGrain<IUnitGrain>(GrainKeys.Unit(code)).Get()));
        return distinct.Zip(units).ToDictionary(pair => pair.First, pair => pair.Second?.Name ?? pair.First);
    }
}
