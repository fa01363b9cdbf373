using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Directory;

/// <summary>
/// Where a unit may stand in the tree: townships and departments under a county office, a county
/// office under a city office (or alone), a city under a province (or alone), a province at the top.
/// Information moves up this tree one level at a time, so the shape is a rule, not a convention.
/// </summary>
public static class UnitTreeRules
{
    public const int MaxNameLength = 100;

    /// <summary>Checks what can be checked without the parent.</summary>
    public static void ValidateShape(UnitRegistration registration)
    {
        if (!UnitCodes.IsValid(registration.Code))
            throw DomainException.Invalid("code", "The unit code must be 2 to 40 characters of a-z, 0-9 and '-'.");
        if (string.IsNullOrWhiteSpace(registration.Name))
            throw DomainException.Invalid("name", "The unit name is required.");
        if (registration.Name.Length > MaxNameLength)
            throw DomainException.Invalid("name", $"The unit name must be at most {MaxNameLength} characters.");
        if (registration.ParentCode is not null && !UnitCodes.IsValid(registration.ParentCode))
            throw DomainException.Invalid("parentCode", "The parent code is not a valid unit code.");
        if (registration.ParentCode == registration.Code)
            throw DomainException.Invalid("parentCode", "A unit cannot be its own parent.");

        var isUpper = registration.Kind == UnitKind.UpperOffice;
        if (isUpper && registration.Level is null)
            throw DomainException.Invalid("level", "An upper office needs a level: city or province.");
        if (!isUpper && registration.Level is not null)
            throw DomainException.Invalid("level", "Only an upper office has a level.");
        if (registration.DirectReporting && registration.Kind != UnitKind.Department)
            throw DomainException.Invalid("directReporting", "Only a department can be a direct-reporting unit.");

        var needsParent = registration.Kind is UnitKind.Township or UnitKind.Department;
        if (needsParent && registration.ParentCode is null)
            throw DomainException.Invalid("parentCode", "A township or department needs its county office as parent.");
        if (registration.Kind == UnitKind.UpperOffice && registration.Level == UpperLevel.Province && registration.ParentCode is not null)
            throw DomainException.Invalid("parentCode", "A provincial office has no parent.");
    }

    /// <summary>Checks the parent (null when it does not exist) and returns the county the unit belongs to.</summary>
    public static string? ValidateParent(UnitRegistration registration, Unit? parent)
    {
        if (registration.ParentCode is null)
            return registration.Kind == UnitKind.CountyOffice ? registration.Code : null;
        if (parent is null)
            throw DomainException.Invalid("parentCode", $"The parent unit '{registration.ParentCode}' does not exist.");

        var fits = registration.Kind switch
        {
            UnitKind.Township or UnitKind.Department => parent.Kind == UnitKind.CountyOffice,
            UnitKind.CountyOffice => parent is { Kind: UnitKind.UpperOffice, Level: UpperLevel.City },
            UnitKind.UpperOffice => registration.Level == UpperLevel.City && parent is { Kind: UnitKind.UpperOffice, Level: UpperLevel.Province },
            _ => false,
        };
        if (!fits)
            throw DomainException.Invalid("parentCode", ExpectedParent(registration));

        return registration.Kind switch
        {
            UnitKind.Township or UnitKind.Department => parent.Code,
            UnitKind.CountyOffice => registration.Code,
            _ => null,
        };
    }

    private static string ExpectedParent(UnitRegistration registration) => registration.Kind switch
    {
        UnitKind.Township or UnitKind.Department => "The parent of a township or department must be a county office.",
        UnitKind.CountyOffice => "The parent of a county office must be a city office.",
        _ => "The parent of a city office must be a provincial office.",
    };
}
