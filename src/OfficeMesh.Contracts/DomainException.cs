namespace OfficeMesh.Contracts;

/// <summary>What kind of refusal a domain rule produced; the HTTP layer maps each to one status.</summary>
public enum DomainError
{
    Invalid,
    NotFound,
    Conflict,
    Forbidden,
}

/// <summary>
/// A rule said no. Thrown by grains and plain rule classes, carried across the wire by Orleans,
/// and turned into an RFC 9457 problem at the HTTP edge. <see cref="Field"/> names the offending
/// input field (camelCase, as the client sent it) when there is one.
/// Every refusal is written in Chinese and English side by side where it is thrown: the caller reads
/// the one its <c>Accept-Language</c> asks for (Chinese unless English), and logs keep the English
/// one as <see cref="Exception.Message"/>. No constructor takes a message without its Chinese text.
/// </summary>
[GenerateSerializer, Alias("OfficeMesh.DomainException")]
public sealed class DomainException : Exception
{
    public DomainException(DomainError error, string zh, string en, string? field = null) : base(en)
    {
        Error = error;
        Field = field;
        Chinese = zh;
    }

    [Id(0)] public DomainError Error { get; }
    [Id(1)] public string? Field { get; }
    [Id(2)] public string Chinese { get; }

    /// <summary>The message in <paramref name="language"/>; English when a silo of an earlier release sent no Chinese.</summary>
    public string MessageIn(Language language) =>
        language == Language.Chinese && !string.IsNullOrEmpty(Chinese) ? Chinese : Message;

    public static DomainException Invalid(string field, string zh, string en) => new(DomainError.Invalid, zh, en, field);
    public static DomainException NotFound(string zh, string en) => new(DomainError.NotFound, zh, en);
    public static DomainException Conflict(string zh, string en) => new(DomainError.Conflict, zh, en);
    public static DomainException Forbidden(string zh, string en) => new(DomainError.Forbidden, zh, en);
}
