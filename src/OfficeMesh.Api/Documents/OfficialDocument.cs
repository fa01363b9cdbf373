using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace OfficeMesh.Api.Documents;

/// <summary>
/// A Word document in the layout of GB/T 9704-2012 (党政机关公文格式): A4, margins 37/35/28/26 mm,
/// body in 3号仿宋 on a fixed 22-line grid, page numbers "— 1 —" in 4号宋体 at the foot. Fonts are named
/// as Chinese office software installs them, as east-Asian fonts of each run.
/// </summary>
public sealed class OfficialDocument : IDisposable
{
    public const string TitleFont = "方正小标宋简体";
    public const string BodyFont = "仿宋_GB2312";
    public const string HeadingFont = "黑体";
    public const string SubheadingFont = "楷体_GB2312";
    public const string PageNumberFont = "宋体";
    public const string Red = "FF0000";

    // Twentieths of a point; 1 mm = 1440 / 25.4 twips.
    public const int PageWidth = 11906, PageHeight = 16838;
    public const int MarginTop = 2098, MarginBottom = 1984, MarginLeft = 1587, MarginRight = 1474;
    public const int TextWidth = PageWidth - MarginLeft - MarginRight;

    /// <summary>22 lines on the type area (297 - 37 - 35 = 225 mm): 28.95 pt a line.</summary>
    public const int LinePitch = 579;

    /// <summary>One character of 3号 body text (16 pt), for indents that software without character units reads.</summary>
    public const int CharacterWidth = 320;

    // Half-points: 初号 42 pt, 二号 22 pt, 三号 16 pt, 四号 14 pt.
    public const int Size0 = 84, Size2 = 44, Size3 = 32, Size4 = 28;

    private readonly WordprocessingDocument _document;
    private readonly Body _body = new();

    public OfficialDocument(Stream output)
    {
        _document = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = _document.AddMainDocumentPart();
        main.Document = new Document(_body);
        AddStyles(main);
        _footerId = AddFooter(main);
    }

    private readonly string _footerId;

    public static RunProperties Font(string font, int halfPoints, string? color = null, bool bold = false)
    {
        var properties = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font });
        if (bold)
            properties.Append(new Bold());
        if (color is not null)
            properties.Append(new Color { Val = color });
        properties.Append(new FontSize { Val = halfPoints.ToString() }, new FontSizeComplexScript { Val = halfPoints.ToString() });
        return properties;
    }

    public static Run Text(string text, RunProperties properties) =>
        new(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    /// <summary>A paragraph of runs. <paramref name="firstLineChars"/> indents the first line by characters (正文 2).</summary>
    public Paragraph Add(JustificationValues alignment, IEnumerable<OpenXmlElement> runs, int firstLineChars = 0,
        int? exactLine = LinePitch, int spaceBefore = 0, int spaceAfter = 0, ParagraphBorders? borders = null, Tabs? tabs = null)
    {
        var properties = new ParagraphProperties();
        if (borders is not null)
            properties.Append(borders);
        if (tabs is not null)
            properties.Append(tabs);
        properties.Append(new SpacingBetweenLines
        {
            Before = spaceBefore.ToString(),
            After = spaceAfter.ToString(),
            Line = exactLine?.ToString() ?? "240",
            LineRule = exactLine is null ? LineSpacingRuleValues.Auto : LineSpacingRuleValues.Exact,
        });
        if (firstLineChars > 0)
            properties.Append(new Indentation { FirstLine = (firstLineChars * CharacterWidth).ToString(), FirstLineChars = firstLineChars * 100 });
        properties.Append(new Justification { Val = alignment });
        var paragraph = new Paragraph(properties);
        paragraph.Append(runs);
        _body.Append(paragraph);
        return paragraph;
    }

    public Paragraph Add(JustificationValues alignment, string text, RunProperties font, int firstLineChars = 0, int? exactLine = LinePitch,
        int spaceBefore = 0, int spaceAfter = 0) =>
        Add(alignment, [Text(text, font)], firstLineChars, exactLine, spaceBefore, spaceAfter);

    /// <summary>Body text (正文): 3号仿宋, first line indented two characters, each line of the text its own paragraph.</summary>
    public void BodyText(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0))
            Add(JustificationValues.Both, line, Font(BodyFont, Size3), firstLineChars: 2);
    }

    /// <summary>Text at the left margin and text against the right margin on one line.</summary>
    public Paragraph LeftAndRight(string left, string right, RunProperties font, ParagraphBorders? borders = null) =>
        Add(JustificationValues.Left,
            [Text(left, font), new Run((RunProperties)font.CloneNode(true), new TabChar()), Text(right, (RunProperties)font.CloneNode(true))],
            exactLine: null, borders: borders, tabs: new Tabs(new TabStop { Val = TabStopValues.Right, Position = TextWidth }));

    public static ParagraphBorders Rule(string color, int eighthsOfPoint, bool top = false, bool bottom = true)
    {
        var borders = new ParagraphBorders();
        if (top)
            borders.Append(new TopBorder { Val = BorderValues.Single, Color = color, Size = (uint)eighthsOfPoint, Space = 1 });
        if (bottom)
            borders.Append(new BottomBorder { Val = BorderValues.Single, Color = color, Size = (uint)eighthsOfPoint, Space = 1 });
        return borders;
    }

    /// <summary>A table of two columns, labels on the left (黑体) and values on the right (仿宋), with single borders.</summary>
    public void LabelledTable(IEnumerable<(string Label, string Value)> rows, int labelWidth = 1800)
    {
        var border = () => new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 8 }, new LeftBorder { Val = BorderValues.Single, Size = 8 },
            new BottomBorder { Val = BorderValues.Single, Size = 8 }, new RightBorder { Val = BorderValues.Single, Size = 8 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 8 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 8 });
        var table = new Table(
            new TableProperties(new TableWidth { Width = TextWidth.ToString(), Type = TableWidthUnitValues.Dxa }, border(),
                new TableLayout { Type = TableLayoutValues.Fixed }),
            new TableGrid(new GridColumn { Width = labelWidth.ToString() }, new GridColumn { Width = (TextWidth - labelWidth).ToString() }));
        foreach (var (label, value) in rows)
        {
            table.Append(new TableRow(
                Cell(labelWidth, [CellParagraph(label, Font(HeadingFont, Size4), JustificationValues.Center)]),
                Cell(TextWidth - labelWidth, value.Replace("\r\n", "\n").Split('\n').Select(line => CellParagraph(line, Font(BodyFont, Size4), JustificationValues.Both)))));
        }
        _body.Append(table);
    }

    private static TableCell Cell(int width, IEnumerable<Paragraph> paragraphs)
    {
        var cell = new TableCell(new TableCellProperties(new TableCellWidth { Width = width.ToString(), Type = TableWidthUnitValues.Dxa },
            new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }));
        cell.Append(paragraphs);
        return cell;
    }

    private static Paragraph CellParagraph(string text, RunProperties font, JustificationValues alignment) =>
        new(new ParagraphProperties(new SpacingBetweenLines { Before = "60", After = "60", Line = "400", LineRule = LineSpacingRuleValues.AtLeast },
            new Justification { Val = alignment }), Text(text, font));

    public void Save()
    {
        _body.Append(new SectionProperties(
            new FooterReference { Type = HeaderFooterValues.Default, Id = _footerId },
            new PageSize { Width = PageWidth, Height = PageHeight },
            new PageMargin { Top = MarginTop, Bottom = MarginBottom, Left = MarginLeft, Right = MarginRight, Header = 851, Footer = 992, Gutter = 0 },
            new DocGrid { Type = DocGridValues.Lines, LinePitch = LinePitch }));
        _document.MainDocumentPart!.Document.Save();
    }

    public void Dispose() => _document.Dispose();

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = BodyFont, HighAnsi = BodyFont, EastAsia = BodyFont, ComplexScript = BodyFont },
                    new FontSize { Val = Size3.ToString() }, new FontSizeComplexScript { Val = Size3.ToString() },
                    new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "0" }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true });
        styles.Styles.Save();
    }

    /// <summary>"— 1 —": the page number as a PAGE field between dashes, 4号宋体, centred.</summary>
    private static string AddFooter(MainDocumentPart main)
    {
        var footer = main.AddNewPart<FooterPart>();
        var font = () => Font(PageNumberFont, Size4);
        footer.Footer = new Footer(new Paragraph(
            new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
            Text("— ", font()),
            new SimpleField(Text("1", font())) { Instruction = " PAGE " },
            Text(" —", font())));
        footer.Footer.Save();
        return main.GetIdOfPart(footer);
    }
}
