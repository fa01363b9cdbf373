namespace OfficeMesh.Contracts;

/// <summary>The four kinds of office in the tree (乡镇, 部门, 两办, 市/省委办).</summary>
[GenerateSerializer, Alias("OfficeMesh.UnitKind")]
public enum UnitKind
{
    Township,
    Department,
    CountyOffice,
    UpperOffice,
}

/// <summary>Level of an upper office: city (市) or province (省).</summary>
[GenerateSerializer, Alias("OfficeMesh.UpperLevel")]
public enum UpperLevel
{
    City,
    Province,
}

/// <summary>What an admin asks for when registering a unit (POST /api/v1/units).</summary>
[GenerateSerializer, Alias("OfficeMesh.UnitRegistration")]
public sealed record UnitRegistration(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] UnitKind Kind,
    [property: Id(3)] string? ParentCode,
    [property: Id(4)] UpperLevel? Level,
    [property: Id(5)] bool DirectReporting);

/// <summary>
/// A registered unit. <see cref="CountyCode"/> is the county the unit belongs to (its own code for a
/// county office, its parent's for a township or department, none for an upper office).
/// </summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.Unit")]
public sealed record Unit(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] UnitKind Kind,
    [property: Id(3)] string? ParentCode,
    [property: Id(4)] UpperLevel? Level,
    [property: Id(5)] bool DirectReporting,
    [property: Id(6)] string? CountyCode,
    [property: Id(7)] DateTimeOffset CreatedAt);

/// <summary>The channels information reaches a county through (常规, 紧急, 社情民意, 网络舆情).</summary>
[GenerateSerializer, Alias("OfficeMesh.ReportingChannel")]
public enum ReportingChannel
{
    Routine,
    Emergency,
    PublicSentiment,
    InternetOpinion,
}

[GenerateSerializer, Immutable, Alias("OfficeMesh.ChannelInfo")]
public sealed record ChannelInfo(
    [property: Id(0)] string CountyCode,
    [property: Id(1)] ReportingChannel Channel,
    [property: Id(2)] DateTimeOffset OpenedAt);
