using OfficeMesh.Contracts;
using Orleans.Concurrency;

namespace OfficeMesh.Grains.Directory;

/// <summary>
/// Reads what the workbook refers to (units and usernames that may already exist), checks it with
/// <see cref="DirectoryImportRules"/>, and only when nothing is wrong creates the units, parents first,
/// then the accounts with generated first passwords. Holds no state.
/// </summary>
[StatelessWorker]
public sealed class DirectoryImportGrain : Grain, IDirectoryImportGrain
{
    public async Task<DirectoryImportResult> Import(IReadOnlyList<ImportUnitRow> units, IReadOnlyList<ImportAccountRow> accounts, bool dryRun)
    {
        var codes = units.SelectMany(row => new[] { row.Code, row.ParentCode }).Concat(accounts.Select(row => row.UnitCode))
            .Select(code => code?.Trim()).Where(code => !string.IsNullOrEmpty(code) && UnitCodes.IsValid(code)).Distinct().Take(2 * DirectoryImportRules.MaxRows).ToList();
        var found = await Task.WhenAll(codes.Select(code => GrainFactory.GetGrain<IUnitGrain>(GrainKeys.Unit(code!)).Get()));
        var existingUnits = found.OfType<Unit>().ToDictionary(unit => unit.Code, StringComparer.Ordinal);

        var usernames = accounts.Select(row => row.Username?.Trim()).Where(name => !string.IsNullOrEmpty(name)).Distinct().Take(DirectoryImportRules.MaxRows).ToList();
        var taken = await Task.WhenAll(usernames.Select(async name => (name, await GrainFactory.GetGrain<IAccountGrain>(GrainKeys.Account(name!)).Exists())));
        var existingAccounts = taken.Where(account => account.Item2).Select(account => account.name!).ToHashSet(StringComparer.Ordinal);

        var plan = DirectoryImportRules.Check(units, accounts, existingUnits, existingAccounts, DirectoryImportRules.NewPassword);
        if (plan.Problems.Count > 0 || dryRun)
            return new DirectoryImportResult(dryRun, plan.Units.Count, plan.Accounts.Count, plan.Problems, null);

        // Parents before children: each level waits for the one above it.
        foreach (var level in plan.Units.GroupBy(DirectoryImportRules.Depth))
            await Task.WhenAll(level.Select(unit => GrainFactory.GetGrain<IUnitGrain>(GrainKeys.Unit(unit.Code)).Register(unit)));
        await Task.WhenAll(plan.Accounts.Select(account => GrainFactory.GetGrain<IAccountGrain>(GrainKeys.Account(account.Username)).Create(account)));
        return new DirectoryImportResult(false, plan.Units.Count, plan.Accounts.Count, [],
            plan.Accounts.Select(account => new ImportPassword(account.Username, account.Password)).ToList());
    }
}
