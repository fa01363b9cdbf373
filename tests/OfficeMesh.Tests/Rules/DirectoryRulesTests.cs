using OfficeMesh.Contracts;
using OfficeMesh.Grains.Directory;
using Xunit;

namespace OfficeMesh.Tests.Rules;

public sealed class UnitTreeRulesTests
{
    private static Unit Existing(string code, UnitKind kind, UpperLevel? level = null, string? county = null) =>
        new(code, code, kind, null, level, false, county, DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData(UnitKind.Township, UnitKind.CountyOffice, null, true)]
    [InlineData(UnitKind.Department, UnitKind.CountyOffice, null, true)]
    [InlineData(UnitKind.Township, UnitKind.Township, null, false)]
    [InlineData(UnitKind.Township, UnitKind.UpperOffice, UpperLevel.City, false)]
    [InlineData(UnitKind.CountyOffice, UnitKind.UpperOffice, UpperLevel.City, true)]
    [InlineData(UnitKind.CountyOffice, UnitKind.UpperOffice, UpperLevel.Province, false)]
    [InlineData(UnitKind.CountyOffice, UnitKind.CountyOffice, null, false)]
    public void A_unit_fits_only_under_the_parent_kind_one_level_up(UnitKind kind, UnitKind parentKind, UpperLevel? parentLevel, bool fits)
    {
        var registration = new UnitRegistration("child", "child", kind, "parent", null, false);
        var parent = Existing("parent", parentKind, parentLevel);

        var error = Record.Exception(() => UnitTreeRules.ValidateParent(registration, parent));

        if (fits) Assert.Null(error);
        else Assert.Equal("parentCode", Assert.IsType<DomainException>(error).Field);
    }

    [Fact]
    public void A_unit_belongs_to_the_county_it_hangs_under_and_a_county_office_is_its_own_county()
    {
        var county = Existing("chunan", UnitKind.CountyOffice, county: "chunan");
        Assert.Equal("chunan", UnitTreeRules.ValidateParent(new UnitRegistration("qiandaohu", "千岛湖镇", UnitKind.Township, "chunan", null, false), county));
        Assert.Equal("chunan", UnitTreeRules.ValidateParent(new UnitRegistration("chunan", "淳安县", UnitKind.CountyOffice, null, null, false), null));
        Assert.Null(UnitTreeRules.ValidateParent(new UnitRegistration("zhejiang", "浙江省", UnitKind.UpperOffice, null, UpperLevel.Province, false), null));
    }

    [Fact]
    public void A_unit_of_a_department_hangs_under_it_one_level_only_and_belongs_to_its_county()
    {
        var police = new Unit("police", "公安局", UnitKind.Department, "chunan", null, true, "chunan", DateTimeOffset.UnixEpoch);
        var station = new UnitRegistration("station", "城关派出所", UnitKind.Department, "police", null, true);
        Assert.Equal("chunan", UnitTreeRules.ValidateParent(station, police));
        var stationUnit = new Unit("station", "城关派出所", UnitKind.Department, "police", null, true, "chunan", DateTimeOffset.UnixEpoch);
        Assert.Equal("parentCode", Assert.Throws<DomainException>(() =>
            UnitTreeRules.ValidateParent(new UnitRegistration("post", "警务室", UnitKind.Department, "station", null, false), stationUnit)).Field);
        Assert.Equal("parentCode", Assert.Throws<DomainException>(() =>
            UnitTreeRules.ValidateParent(new UnitRegistration("village", "村", UnitKind.Township, "police", null, false), police)).Field);
    }

    [Theory]
    [InlineData("a", "code")]
    [InlineData("UPPER", "code")]
    [InlineData("has space", "code")]
    public void Unit_codes_are_short_lowercase_slugs(string code, string field)
    {
        var error = Assert.Throws<DomainException>(() => UnitTreeRules.ValidateShape(new UnitRegistration(code, "x", UnitKind.CountyOffice, null, null, false)));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Only_departments_report_directly_and_only_upper_offices_have_a_level()
    {
        Assert.Equal("directReporting", Assert.Throws<DomainException>(() =>
            UnitTreeRules.ValidateShape(new UnitRegistration("town", "x", UnitKind.Township, "county", null, true))).Field);
        Assert.Equal("level", Assert.Throws<DomainException>(() =>
            UnitTreeRules.ValidateShape(new UnitRegistration("county", "x", UnitKind.CountyOffice, null, UpperLevel.City, false))).Field);
        UnitTreeRules.ValidateShape(new UnitRegistration("police", "公安局", UnitKind.Department, "county", null, true));
    }
}

public sealed class AccountRulesTests
{
    private static Unit UnitOf(UnitKind kind) => new("u1", "u1", kind, null, kind == UnitKind.UpperOffice ? UpperLevel.City : null, false, null, DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData(Role.UnitOfficer, UnitKind.Township, true)]
    [InlineData(Role.UnitOfficer, UnitKind.UpperOffice, false)]
    [InlineData(Role.InfoEditor, UnitKind.CountyOffice, true)]
    [InlineData(Role.InfoEditor, UnitKind.Township, false)]
    [InlineData(Role.Duty, UnitKind.Department, false)]
    [InlineData(Role.UpperLiaison, UnitKind.UpperOffice, true)]
    [InlineData(Role.UpperLiaison, UnitKind.CountyOffice, false)]
    [InlineData(Role.Leader, UnitKind.CountyOffice, true)]
    public void Roles_are_held_only_at_the_units_they_belong_to(Role role, UnitKind kind, bool allowed)
    {
        var error = Record.Exception(() => AccountRules.ValidateRolesFor([role], UnitOf(kind)));
        if (allowed) Assert.Null(error);
        else Assert.Equal("roles", Assert.IsType<DomainException>(error).Field);
    }

    [Fact]
    public void Only_admins_and_operators_may_have_no_unit()
    {
        AccountRules.ValidateShape(new AccountRegistration("ops", "long-enough-password", null, [Role.Operator]));
        Assert.Equal("unitCode", Assert.Throws<DomainException>(() =>
            AccountRules.ValidateShape(new AccountRegistration("officer", "long-enough-password", null, [Role.UnitOfficer]))).Field);
    }
}
