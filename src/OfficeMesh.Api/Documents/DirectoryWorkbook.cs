using System.Globalization;
using MiniExcelLibs;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Documents;

public sealed record DirectoryRows(IReadOnlyList<ImportUnitRow> Units, IReadOnlyList<ImportAccountRow> Accounts, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Reads the directory workbook: sheet 单位 (代码, 名称, 类型, 上级代码) and sheet 账号 (用户名, 单位代码, 角色,
/// 姓名, 手机), columns found by their header in row 1, in any order. Cells are read as written; checking
/// them is the import's business. Wholly empty rows are skipped but keep their row numbers.
/// </summary>
public static class DirectoryWorkbook
{
    public const string UnitSheet = "单位", AccountSheet = "账号";
    private static readonly string[] UnitHeaders = ["代码", "名称", "类型", "上级代码"];
    private static readonly string[] AccountHeaders = ["用户名", "单位代码", "角色", "姓名", "手机"];
    private static readonly string[] RequiredAccountHeaders = ["用户名", "单位代码", "角色"];

    public static DirectoryRows Read(MemoryStream workbook)
    {
        List<string> sheetNames;
        try
        {
            workbook.Position = 0;
            sheetNames = MiniExcel.GetSheetNames(workbook);
        }
        catch (Exception unreadable) when (unreadable is not OutOfMemoryException)
        {
            throw DomainException.Invalid("file", zh: "无法读取上传的文件，请上传 .xlsx 格式的工作簿", en: "The upload is not a readable .xlsx workbook.");
        }
        var problems = new List<ImportProblem>();
        if (!sheetNames.Contains(UnitSheet) && !sheetNames.Contains(AccountSheet))
        {
            problems.Add(new(UnitSheet, 1, "代码", "工作簿须有名为“单位”或“账号”的工作表"));
            return new DirectoryRows([], [], problems);
        }

        var units = Rows(workbook, sheetNames, UnitSheet, UnitHeaders, UnitHeaders, problems)
            .Select(row => new ImportUnitRow(row.Number, row.Cell("代码"), row.Cell("名称"), row.Cell("类型"), row.Cell("上级代码")))
            .ToList();
        var accounts = Rows(workbook, sheetNames, AccountSheet, AccountHeaders, RequiredAccountHeaders, problems)
            .Select(row => new ImportAccountRow(row.Number, row.Cell("用户名"), row.Cell("单位代码"), row.Cell("角色"), row.Cell("姓名"), row.Cell("手机")))
            .ToList();
        return new DirectoryRows(units, accounts, problems);
    }

    private sealed record SheetRow(int Number, IReadOnlyDictionary<string, string?> Cells)
    {
        public string? Cell(string header) => Cells.GetValueOrDefault(header);
    }

    private static List<SheetRow> Rows(MemoryStream workbook, List<string> sheetNames, string sheet, string[] headers, string[] required, List<ImportProblem> problems)
    {
        if (!sheetNames.Contains(sheet))
            return [];
        workbook.Position = 0;
        // Read without a header row so every row keeps its number: the first row read is row 1.
        var rows = MiniExcel.Query(workbook, useHeaderRow: false, sheetName: sheet)
            .Cast<IDictionary<string, object?>>()
            .Select(row => row.ToDictionary(cell => cell.Key, cell => Text(cell.Value)))
            .ToList();
        if (rows.Count == 0)
            return [];
        var columns = rows[0].Where(cell => cell.Value is not null && headers.Contains(cell.Value.Trim()))
            .ToDictionary(cell => cell.Value!.Trim(), cell => cell.Key);
        var missing = required.Where(header => !columns.ContainsKey(header)).ToList();
        foreach (var header in missing)
            problems.Add(new(sheet, 1, header, $"第1行缺少“{header}”列"));
        if (missing.Count > 0)
            return [];
        return rows.Skip(1)
            .Select((row, i) => new SheetRow(i + 2, columns.ToDictionary(column => column.Key, column => row.GetValueOrDefault(column.Value))))
            .Where(row => row.Cells.Values.Any(value => value is not null))
            .ToList();
    }

    private static string? Text(object? value)
    {
        var text = value switch
        {
            null => null,
            double number => number.ToString("0.##########", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
