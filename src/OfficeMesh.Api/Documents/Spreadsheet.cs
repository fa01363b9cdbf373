using System.Data;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Documents;

public enum CellKind { Text, Number, Percent, Date }

public sealed record SheetColumn(string Header, CellKind Kind);

/// <summary>One sheet of a workbook: its columns and rows (strings, numbers, or <see cref="DateTimeOffset"/>s shown in China time).</summary>
public sealed class Sheet(string name, IReadOnlyList<SheetColumn> columns)
{
    public string Name => name;
    public IReadOnlyList<SheetColumn> Columns => columns;
    public List<object?[]> Rows { get; } = [];

    public Sheet Add(params object?[] row)
    {
        Rows.Add(row);
        return this;
    }
}

/// <summary>
/// Writes sheets with MiniExcel: numbers as numbers, dates as dates (China time), the header row
/// frozen and every column as wide as its widest cell.
/// </summary>
public static class Spreadsheet
{
    public const string DateFormat = "yyyy-MM-dd HH:mm";
    public const string PercentFormat = "0.0%";

    public static void Write(IReadOnlyList<Sheet> sheets, Stream output)
    {
        var workbook = new Dictionary<string, object>();
        foreach (var sheet in sheets)
            workbook[sheet.Name] = Table(sheet);
        var configuration = new OpenXmlConfiguration
        {
            FreezeRowCount = 1,
            AutoFilter = false,
            TableStyles = TableStyles.None,
            DynamicColumns = Columns(sheets),
        };
        MiniExcel.SaveAs(output, workbook, printHeader: true, excelType: ExcelType.XLSX, configuration: configuration);
    }

    private static DataTable Table(Sheet sheet)
    {
        var table = new DataTable(sheet.Name);
        foreach (var column in sheet.Columns)
            table.Columns.Add(column.Header, column.Kind switch
            {
                CellKind.Number => typeof(double),
                CellKind.Percent => typeof(double),
                CellKind.Date => typeof(DateTime),
                _ => typeof(string),
            });
        foreach (var row in sheet.Rows)
            table.Rows.Add(row.Select(Cell).ToArray());
        return table;
    }

    private static object Cell(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset at => ChinaTime.Of(at).DateTime,
        int number => (double)number,
        long number => (double)number,
        decimal number => (double)number,
        _ => value,
    };

    /// <summary>Widths by header across all sheets (MiniExcel keys them by header): the widest cell, a Chinese character counting twice.</summary>
    private static DynamicExcelColumn[] Columns(IReadOnlyList<Sheet> sheets)
    {
        var widths = new Dictionary<string, (double Width, CellKind Kind)>();
        foreach (var sheet in sheets)
        {
            for (var i = 0; i < sheet.Columns.Count; i++)
            {
                var column = sheet.Columns[i];
                var widest = sheet.Rows.Select(row => DisplayWidth(Shown(row[i], column.Kind))).Append(DisplayWidth(column.Header)).Max();
                widths[column.Header] = (Math.Max(widths.GetValueOrDefault(column.Header).Width, Math.Min(widest + 2, 80)), column.Kind);
            }
        }
        return widths.Select(entry => new DynamicExcelColumn(entry.Key)
        {
            Width = entry.Value.Width,
            Format = entry.Value.Kind switch
            {
                CellKind.Date => DateFormat,
                CellKind.Percent => PercentFormat,
                _ => null,
            },
        }).ToArray();
    }

    private static string Shown(object? value, CellKind kind) => value switch
    {
        null => "",
        DateTimeOffset => DateFormat,
        double rate when kind == CellKind.Percent => (rate * 100).ToString("0.0") + "%",
        IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static double DisplayWidth(string text) => text.Sum(ch => ch > 0x2E80 ? 2.1 : 1.1);
}
