
namespace OfficeMesh.Contracts;

/// <summary>
/// Who may see an item. The submitting unit always; the county's own roles for their county; an upper
/// office only what was forwarded to it; a secret item only its unit and the county's editors and
/// leaders, and a secret emergency the duty room as well. Everyone else is told it does not exist: an
/// admin or operator placed in a unit keeps the system running and reads none of its unit's secret items.
/// </summary>
public static class ItemAccess
{
    private static readonly Role[] CountyRoles = [Role.InfoEditor, Role.Supervisor, Role.Duty, Role.Leader];
    private static readonly Role[] SecretRoles = [Role.InfoEditor, Role.Leader];
    private static readonly Role[] SecretEmergencyRoles = [Role.InfoEditor, Role.Leader, Role.Duty];

    public static bool CanSee(Caller caller, string unitCode, string countyCode, Classification classification, IEnumerable<Forward> forwards,
        ItemKind kind = ItemKind.Dynamic)
    {
        if (caller.UnitCode == unitCode)
            return classification != Classification.Secret || caller.Roles.Any(ReadsOwnUnitsSecrets);
        var roles = classification != Classification.Secret ? CountyRoles
            : kind == ItemKind.Emergency ? SecretEmergencyRoles
            : SecretRoles;
        if (roles.Any(role => caller.IsCounty(role, countyCode)))
            return true;
        return classification != Classification.Secret && IsUpperReader(caller) && forwards.Any(forward => forward.ToUnit == caller.UnitCode);
    }

    private static bool ReadsOwnUnitsSecrets(Role role) => role is not (Role.Admin or Role.Operator);

    /// <summary>One of the county office's own roles (editor, supervisor, duty, leader) in <paramref name="countyCode"/>.</summary>
    public static bool HasCountyRole(Caller caller, string countyCode) => CountyRoles.Any(role => caller.IsCounty(role, countyCode));

    public static bool CanSee(Caller caller, ItemSummary item) => CanSee(caller, item.UnitCode, item.CountyCode, item.Classification, item.Forwards, item.Kind);

    public static bool CanSee(Caller caller, Item item) => CanSee(caller, item.UnitCode, item.CountyCode, item.Classification, item.Forwards, item.Kind);

    public static bool IsUpperReader(Caller caller) =>
        caller.UnitKind == UnitKind.UpperOffice && (caller.Has(Role.UpperLiaison) || caller.Has(Role.Leader));

    /// <summary>Throws <see cref="DomainError.NotFound"/> unless the caller can see the item, so existence never leaks.</summary>
    public static void EnsureVisible(Caller caller, Item? item, string itemId)
    {
        if (item is null || !CanSee(caller, item))
            throw DomainException.NotFound(zh: $"信息“{itemId}”不存在", en: $"There is no item '{itemId}'.");
    }

}
