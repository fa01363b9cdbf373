using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Documents;

public sealed record Download(HttpStatusCode Status, string? MediaType, string? FileName, byte[] Bytes);

/// <summary>A spreadsheet cell as read back: its shown text, and whether it was stored as a number (and with which number format).</summary>
public sealed record ReadCell(string Text, bool IsNumber, string? NumberFormat)
{
    public double Number => double.Parse(Text, System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record ReadSheet(string Name, IReadOnlyList<IReadOnlyList<ReadCell>> Rows, int FrozenRows, IReadOnlyList<double> ColumnWidths)
{
    public IReadOnlyList<string> Headers => Rows[0].Select(cell => cell.Text).ToList();

    public int Column(string header)
    {
        var index = Headers.ToList().IndexOf(header);
        Assert.True(index >= 0, $"Sheet {Name} has no column {header}: {string.Join(", ", Headers)}");
        return index;
    }

    public IReadOnlyList<ReadCell> Cells(string header) => Rows.Skip(1).Select(row => Column(header) < row.Count ? row[Column(header)] : new ReadCell("", false, null)).ToList();
}

/// <summary>Downloads files through the gateway and reads them back with the Open XML SDK, as an office's own software would open them.</summary>
public static class Downloads
{
    public static async Task<Download> GetAsync(ApiClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Token);
        using var response = await client.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        var disposition = response.Content.Headers.ContentDisposition;
        return new Download(response.StatusCode, response.Content.Headers.ContentType?.MediaType, disposition?.FileNameStar, bytes);
    }

    public static async Task<Download> GetOkAsync(ApiClient client, string path)
    {
        var download = await GetAsync(client, path);
        Assert.True(download.Status == HttpStatusCode.OK, $"GET {path}: {download.Status} {System.Text.Encoding.UTF8.GetString(download.Bytes)}");
        return download;
    }

    public static void AssertValid(OpenXmlPackage package)
    {
        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(package).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20).Select(error => $"{error.Path?.XPath}: {error.Description}")));
    }

    public static IReadOnlyList<ReadSheet> ReadWorkbook(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        AssertValid(document);
        var workbook = document.WorkbookPart!;
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(item => item.InnerText).ToList() ?? [];
        var formats = workbook.WorkbookStylesPart?.Stylesheet;
        var sheets = new List<ReadSheet>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var worksheet = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet;
            var rows = worksheet.Descendants<Row>().Select(row => (IReadOnlyList<ReadCell>)Cells(row, shared, formats)).ToList();
            var pane = worksheet.Descendants<Pane>().FirstOrDefault();
            var frozen = pane?.State?.Value == PaneStateValues.Frozen ? (int)(pane.VerticalSplit?.Value ?? 0) : 0;
            var widths = worksheet.Descendants<Column>().Select(column => column.Width?.Value ?? 0).ToList();
            sheets.Add(new ReadSheet(sheet.Name!, rows, frozen, widths));
        }
        return sheets;
    }

    private static List<ReadCell> Cells(Row row, List<string> shared, Stylesheet? styles)
    {
        var cells = new List<ReadCell>();
        foreach (var cell in row.Elements<Cell>())
        {
            var column = ColumnIndex(cell.CellReference!.Value!);
            while (cells.Count < column)
                cells.Add(new ReadCell("", false, null));
            var raw = cell.CellValue?.Text ?? cell.InlineString?.InnerText ?? "";
            var type = cell.DataType?.Value;
            if (type == CellValues.SharedString)
                cells.Add(new ReadCell(shared[int.Parse(raw)], false, null));
            else if (type == CellValues.String || type == CellValues.InlineString || type == CellValues.Boolean)
                cells.Add(new ReadCell(raw, false, null));
            else
                cells.Add(new ReadCell(raw, raw.Length > 0, NumberFormat(cell.StyleIndex?.Value, styles)));
        }
        return cells;
    }

    private static string? NumberFormat(uint? styleIndex, Stylesheet? styles)
    {
        if (styleIndex is not { } index || styles?.CellFormats is null)
            return null;
        var format = styles.CellFormats.Elements<CellFormat>().ElementAt((int)index);
        var id = format.NumberFormatId?.Value ?? 0;
        var custom = styles.NumberingFormats?.Elements<NumberingFormat>().FirstOrDefault(numbering => numbering.NumberFormatId?.Value == id);
        return custom?.FormatCode?.Value ?? (id == 0 ? null : $"builtin:{id}");
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var ch in reference.TakeWhile(char.IsLetter))
            index = index * 26 + (ch - 'A' + 1);
        return index - 1;
    }

    /// <summary>Renders a Word document to PDF with LibreOffice and returns the PDF's text (pdftotext).</summary>
    public static async Task<string> RenderToTextAsync(byte[] docx, string name, string? keepPngAs = null)
    {
        var directory = Directory.CreateTempSubdirectory("officemesh-render-");
        try
        {
            var input = Path.Combine(directory.FullName, $"{name}.docx");
            await File.WriteAllBytesAsync(input, docx, TestContext.Current.CancellationToken);
            await RunAsync("libreoffice", "libreoffice-writer-nogui", "--headless", $"-env:UserInstallation=file://{directory.FullName}/profile",
                "--convert-to", "pdf", "--outdir", directory.FullName, input);
            var pdf = Path.Combine(directory.FullName, $"{name}.pdf");
            Assert.True(File.Exists(pdf), "LibreOffice produced no PDF.");
            var text = Path.Combine(directory.FullName, $"{name}.txt");
            await RunAsync("pdftotext", "poppler-utils", "-layout", pdf, text);
            if (keepPngAs is not null)
                await RunAsync("pdftoppm", "poppler-utils", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, keepPngAs);
            return await File.ReadAllTextAsync(text, TestContext.Current.CancellationToken);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task RunAsync(string program, string package, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail($"{program} is not installed: apt-get install {package}");
            return;
        }
        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(3));
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"{program} failed ({process.ExitCode}): {await error}");
        }
    }
}
