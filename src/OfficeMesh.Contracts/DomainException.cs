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
/// </summary>
[GenerateSerializer, Alias("OfficeMesh.DomainException")]
public sealed class DomainException : Exception
{
    public DomainException(DomainError error, string message, string? field = null) : base(message)
    {
        Error = error;
        Field = field;
    }

    [Id(0)] public DomainError Error { get; }
    [Id(1)] public string? Field { get; }

    public static DomainException Invalid(string field, string message) => new(DomainError.Invalid, message, field);
    public static DomainException NotFound(string message) => new(DomainError.NotFound, message);
    public static DomainException Conflict(string message) => new(DomainError.Conflict, message);
}
