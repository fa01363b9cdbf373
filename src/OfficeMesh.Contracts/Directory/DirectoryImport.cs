namespace OfficeMesh.Contracts;

/// <summary>A row of the sheet 单位 as written (代码, 名称, 类型, 上级代码); <see cref="Row"/> is its row number in the sheet.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.ImportUnitRow")]
public sealed record ImportUnitRow(
    [property: Id(0)] int Row,
    [property: Id(1)] string? Code,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? Kind,
    [property: Id(4)] string? ParentCode);

/// <summary>A row of the sheet 账号 as written (用户名, 单位代码, 角色, 姓名, 手机).</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.ImportAccountRow")]
public sealed record ImportAccountRow(
    [property: Id(0)] int Row,
    [property: Id(1)] string? Username,
    [property: Id(2)] string? UnitCode,
    [property: Id(3)] string? Roles,
    [property: Id(4)] string? DisplayName,
    [property: Id(5)] string? Mobile);

/// <summary>What is wrong with one cell of the workbook, in Chinese.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.ImportProblem")]
public sealed record ImportProblem(
    [property: Id(0)] string Sheet,
    [property: Id(1)] int Row,
    [property: Id(2)] string Column,
    [property: Id(3)] string Message);

[GenerateSerializer, Immutable, Alias("OfficeMesh.ImportPassword")]
public sealed record ImportPassword([property: Id(0)] string Username, [property: Id(1)] string Password);

/// <summary>The answer to an import: what the workbook holds (or created), its problems, and the first passwords of a real import.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.DirectoryImportResult")]
public sealed record DirectoryImportResult(
    [property: Id(0)] bool DryRun,
    [property: Id(1)] int Units,
    [property: Id(2)] int Accounts,
    [property: Id(3)] IReadOnlyList<ImportProblem> Errors,
    [property: Id(4)] IReadOnlyList<ImportPassword>? Passwords);

/// <summary>Brings units and accounts in from a workbook: everything is checked first; any problem and nothing is created. Stateless.</summary>
[Alias("OfficeMesh.IDirectoryImportGrain")]
public interface IDirectoryImportGrain : IGrainWithStringKey
{
    [Alias("Import")]
    Task<DirectoryImportResult> Import(IReadOnlyList<ImportUnitRow> units, IReadOnlyList<ImportAccountRow> accounts, bool dryRun);
}
