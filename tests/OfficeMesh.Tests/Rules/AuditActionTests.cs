using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using OfficeMesh.Api.Audit;
using Xunit;

namespace OfficeMesh.Tests.Rules;

/// <summary>The names the audit log gives to requests, read from their route patterns.</summary>
public sealed class AuditActionTests
{
    [Theory]
    [InlineData("POST", "/api/v1/items", "item.create")]
    [InlineData("POST", "/api/v1/units", "unit.create")]
    [InlineData("POST", "/api/v1/accounts", "account.create")]
    [InlineData("POST", "/api/v1/cases", "case.create")]
    [InlineData("POST", "/api/v1/coordinations", "coordination.create")]
    [InlineData("POST", "/api/v1/notices", "notice.create")]
    [InlineData("POST", "/api/v1/auth/token", "auth.sign-in")]
    [InlineData("PUT", "/api/v1/items/{id}", "item.update")]
    [InlineData("POST", "/api/v1/items/{id}/reviews", "item.review")]
    [InlineData("POST", "/api/v1/items/{id}/follow-ups", "item.follow-up")]
    [InlineData("POST", "/api/v1/periodicals/{year}/issues", "periodical.issue")]
    [InlineData("POST", "/api/v1/cases/{id}/progress", "case.progress")]
    [InlineData("POST", "/api/v1/cases/{id}/result/return", "case.result.return")]
    [InlineData("POST", "/api/v1/duty/emergencies", "duty.emergency")]
    [InlineData("PUT", "/api/v1/accounts/{username}", "account.update")]
    [InlineData("DELETE", "/api/v1/units/{code}", "unit.delete")]
    [InlineData("GET", "/api/v1/items/{id}", "item.read")]
    [InlineData("GET", "/api/v1/items", "item.list")]
    [InlineData("GET", "/api/v1/audit", "audit.list")]
    public void A_request_is_named_for_its_resource_and_verb(string method, string pattern, string expected) =>
        Assert.Equal(expected, AuditActions.For(method, RoutePatternFactory.Parse(pattern), new PathString(pattern)));

    [Fact]
    public void A_request_outside_the_api_is_named_by_its_method_and_path() =>
        Assert.Equal("GET /dashboard/logs", AuditActions.For("GET", RoutePatternFactory.Parse("/dashboard/{**rest}"), new PathString("/dashboard/logs")));

    [Fact]
    public void The_target_is_the_path_up_to_the_last_route_parameter()
    {
        var values = new RouteValueDictionary { ["id"] = "abc", ["year"] = 2026, ["number"] = 3 };
        Assert.Equal("items/abc", AuditActions.TargetOf(RoutePatternFactory.Parse("/api/v1/items/{id}/reviews"), values));
        Assert.Equal("periodicals/2026/issues/3", AuditActions.TargetOf(RoutePatternFactory.Parse("/api/v1/periodicals/{year:int}/issues/{number:int}"), values));
        Assert.Null(AuditActions.TargetOf(RoutePatternFactory.Parse("/api/v1/items"), values));
        Assert.Equal("items/abc", AuditActions.TargetOfLocation("/api/v1/items/abc"));
        Assert.Equal("units/chunan", AuditActions.TargetOfLocation("http://localhost:5000/api/v1/units/chunan"));
    }
}
