using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Directory;

/// <summary>
/// Units in tree order, as a directory tree is read: each unit before its children. Siblings come
/// provinces, cities, county offices, townships, departments, each kind in the order registered.
/// </summary>
public static class UnitTree
{
    public static IReadOnlyList<Unit> InTreeOrder(IEnumerable<Unit> units)
    {
        var byCode = units.DistinctBy(unit => unit.Code).ToDictionary(unit => unit.Code);
        bool Listed(string? code) => code is not null && byCode.ContainsKey(code);
        var children = byCode.Values.Where(unit => Listed(unit.ParentCode)).ToLookup(unit => unit.ParentCode!);

        var ordered = new List<Unit>(byCode.Count);
        void Visit(Unit unit)
        {
            ordered.Add(unit);
            foreach (var child in Siblings(children[unit.Code]))
                Visit(child);
        }
        // A unit whose parent is not in the list (a county office seen by its own county) starts a tree of its own.
        foreach (var root in Siblings(byCode.Values.Where(unit => !Listed(unit.ParentCode))))
            Visit(root);
        return ordered;
    }

    private static IEnumerable<Unit> Siblings(IEnumerable<Unit> units) =>
        units.OrderBy(Rank).ThenBy(unit => unit.CreatedAt).ThenBy(unit => unit.Code, StringComparer.Ordinal);

    private static int Rank(Unit unit) => unit.Kind switch
    {
        UnitKind.UpperOffice => unit.Level == UpperLevel.Province ? 0 : 1,
        UnitKind.CountyOffice => 2,
        UnitKind.Township => 3,
        _ => 4,
    };
}
