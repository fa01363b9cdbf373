using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Directory;

/// <summary>
/// Where a unit may stand in the tree: townships and departments under a county office (and units of a
/// department, such as police stations, under a department), a county
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
            throw DomainException.Invalid("code", zh: "单位代码须为2至40位小写字母、数字或连字符“-”",
                en: "The unit code must be 2 to 40 characters of a-z, 0-9 and '-'.");
        if (string.IsNullOrWhiteSpace(registration.Name))
            throw DomainException.Invalid("name", zh: "单位名称不能为空", en: "The unit name is required.");
        if (registration.Name.Length > MaxNameLength)
            throw DomainException.Invalid("name", zh: $"单位名称不能超过{MaxNameLength}个字", en: $"The unit name must be at most {MaxNameLength} characters.");
        if (registration.ParentCode is not null && !UnitCodes.IsValid(registration.ParentCode))
            throw DomainException.Invalid("parentCode", zh: "上级单位代码格式不正确", en: "The parent code is not a valid unit code.");
        if (registration.ParentCode == registration.Code)
            throw DomainException.Invalid("parentCode", zh: "单位不能以自己为上级", en: "A unit cannot be its own parent.");

        var isUpper = registration.Kind == UnitKind.UpperOffice;
        if (isUpper && registration.Level is null)
            throw DomainException.Invalid("level", zh: "上级机关须注明级别：市级或省级", en: "An upper office needs a level: city or province.");
        if (!isUpper && registration.Level is not null)
            throw DomainException.Invalid("level", zh: "只有上级机关才有级别", en: "Only an upper office has a level.");
        if (registration.DirectReporting && registration.Kind != UnitKind.Department)
            throw DomainException.Invalid("directReporting", zh: "只有部门可以设为直报单位", en: "Only a department can be a direct-reporting unit.");

        var needsParent = registration.Kind is UnitKind.Township or UnitKind.Department;
        if (needsParent && registration.ParentCode is null)
            throw DomainException.Invalid("parentCode", zh: "乡镇和部门须以所在县的两办为上级", en: "A township or department needs its county office as parent.");
        if (registration.Kind == UnitKind.UpperOffice && registration.Level == UpperLevel.Province && registration.ParentCode is not null)
            throw DomainException.Invalid("parentCode", zh: "省级机关没有上级单位", en: "A provincial office has no parent.");
    }

    /// <summary>Checks the parent (null when it does not exist) and returns the county the unit belongs to.</summary>
    public static string? ValidateParent(UnitRegistration registration, Unit? parent)
    {
        if (registration.ParentCode is null)
            return registration.Kind == UnitKind.CountyOffice ? registration.Code : null;
        if (parent is null)
            throw DomainException.Invalid("parentCode", zh: $"上级单位“{registration.ParentCode}”不存在", en: $"The parent unit '{registration.ParentCode}' does not exist.");

        var fits = registration.Kind switch
        {
            UnitKind.Township => parent.Kind == UnitKind.CountyOffice,
            // A unit under a department (a police station): one level down, in the department's county.
            UnitKind.Department => parent.Kind == UnitKind.CountyOffice || (parent is { Kind: UnitKind.Department, ParentCode: { } grandparent } && grandparent == parent.CountyCode),
            UnitKind.CountyOffice => parent is { Kind: UnitKind.UpperOffice, Level: UpperLevel.City },
            UnitKind.UpperOffice => registration.Level == UpperLevel.City && parent is { Kind: UnitKind.UpperOffice, Level: UpperLevel.Province },
            _ => false,
        };
        if (!fits)
        {
            var (zh, en) = ExpectedParent(registration);
            throw DomainException.Invalid("parentCode", zh, en);
        }

        return registration.Kind switch
        {
            UnitKind.Township => parent.Code,
            UnitKind.Department => parent.CountyCode ?? parent.Code,
            UnitKind.CountyOffice => registration.Code,
            _ => null,
        };
    }

    private static (string Zh, string En) ExpectedParent(UnitRegistration registration) => registration.Kind switch
    {
        UnitKind.Township => ("乡镇的上级须为县两办", "The parent of a township must be a county office."),
        UnitKind.Department => ("部门的上级须为县两办或县两办下的部门", "The parent of a department must be a county office or a department directly under one."),
        UnitKind.CountyOffice => ("县两办的上级须为市级机关", "The parent of a county office must be a city office."),
        _ => ("市级机关的上级须为省级机关", "The parent of a city office must be a provincial office."),
    };
}
