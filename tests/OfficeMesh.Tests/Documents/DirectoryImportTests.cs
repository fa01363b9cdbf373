using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MiniExcelLibs;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Documents;

/// <summary>The administrator brings a county's units and accounts in from one workbook.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class DirectoryImportTests(EmbeddedServerFixture server)
{
    [Fact]
    public async Task A_good_workbook_creates_every_unit_parents_first_and_every_account_which_then_signs_in()
    {
        var admin = await server.AdminAsync();
        var (county, town, police, workbook, usernames) = GoodWorkbook();

        var dry = (await PostAsync(admin, workbook, dryRun: true)).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.True(dry["dryRun"]!.GetValue<bool>());
        Assert.Empty(dry["errors"]!.AsArray());
        Assert.Equal(3, dry["units"]!.GetValue<int>());
        Assert.Equal(3, dry["accounts"]!.GetValue<int>());
        Assert.Null(dry["passwords"]);
        (await admin.GetAsync($"/api/v1/units/{county}")).AssertStatus(HttpStatusCode.NotFound);

        var imported = (await PostAsync(admin, workbook, dryRun: false)).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Empty(imported["errors"]!.AsArray());
        var townUnit = (await admin.GetAsync($"/api/v1/units/{town}")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal(county, townUnit["parentCode"]!.GetValue<string>());
        Assert.Equal("township", townUnit["kind"]!.GetValue<string>());
        Assert.Equal("department", (await admin.GetAsync($"/api/v1/units/{police}")).Json!["kind"]!.GetValue<string>());

        var townAccount = Assert.Single((await admin.GetAsync($"/api/v1/accounts?unit={town}")).AssertStatus(HttpStatusCode.OK).Json!["items"]!.AsArray())!;
        Assert.Equal(("李明", "13800000000"), (townAccount["displayName"]!.GetValue<string>(), townAccount["mobile"]!.GetValue<string>()));

        var passwords = imported["passwords"]!.AsArray();
        Assert.Equal(usernames.Order(), passwords.Select(entry => entry!["username"]!.GetValue<string>()).Order());
        foreach (var entry in passwords)
        {
            var signedIn = (await server.Anonymous.PostAsync("/api/v1/auth/token", new
            {
                username = entry!["username"]!.GetValue<string>(),
                password = entry["password"]!.GetValue<string>(),
            })).AssertStatus(HttpStatusCode.OK).Json!;
            Assert.NotNull(signedIn["accessToken"]);
        }
        var editor = passwords.Single(entry => entry!["username"]!.GetValue<string>() == usernames[1])!;
        var editorToken = (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username = usernames[1], password = editor["password"]!.GetValue<string>() })).Json!;
        Assert.Equal(["info-editor"], editorToken["roles"]!.AsArray().Select(role => role!.GetValue<string>()));

        // The same workbook again: every code and username is taken now, and nothing more is created.
        var again = (await PostAsync(admin, workbook, dryRun: false)).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal(6, again["errors"]!.AsArray().Count);
        Assert.Null(again["passwords"]);
    }

    [Fact]
    public async Task A_workbook_with_one_bad_row_creates_nothing_and_names_that_row_and_column()
    {
        var admin = await server.AdminAsync();
        var county = Unique.Code("county");
        var town = Unique.Code("town");
        var username = Unique.Code("user");
        var workbook = Workbook(
            [Unit(county, "临安县两办", "县级办公室", null), Unit(town, "锦城街道", "乡镇", county), Unit(Unique.Code("dept"), "县水利局", "机关", county)],
            [Account(username, town, "信息员", "王芳", "13800000001")]);

        var result = (await PostAsync(admin, workbook, dryRun: false)).AssertStatus(HttpStatusCode.OK).Json!;
        var error = Assert.Single(result["errors"]!.AsArray())!;
        Assert.Equal("单位", error["sheet"]!.GetValue<string>());
        Assert.Equal(4, error["row"]!.GetValue<int>());
        Assert.Equal("类型", error["column"]!.GetValue<string>());
        Assert.Contains("类型“机关”无效", error["message"]!.GetValue<string>());
        Assert.Null(result["passwords"]);

        (await admin.GetAsync($"/api/v1/units/{county}")).AssertStatus(HttpStatusCode.NotFound);
        (await admin.GetAsync($"/api/v1/units/{town}")).AssertStatus(HttpStatusCode.NotFound);
        (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username, password = "whatever-password" })).AssertStatus(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Every_problem_is_reported_with_its_sheet_row_and_column_in_Chinese()
    {
        var admin = await server.AdminAsync();
        var county = Unique.Code("county");
        var workbook = Workbook(
            [Unit(county, "桐庐县两办", "county-office", null), Unit(Unique.Code("town"), "", "township", county), Unit(Unique.Code("town"), "分水镇", "乡镇", "no-such-unit")],
            [Account("Bad Name", county, "info-editor", null, null), Account(Unique.Code("user"), county, "督查室、厨师", null, "12345"),
             Account(Unique.Code("user"), county, "upper-liaison", null, null)]);

        var errors = (await PostAsync(admin, workbook, dryRun: true)).AssertStatus(HttpStatusCode.OK).Json!["errors"]!.AsArray()
            .Select(error => (error!["sheet"]!.GetValue<string>(), error["row"]!.GetValue<int>(), error["column"]!.GetValue<string>())).ToList();
        Assert.Equal(
            [("单位", 3, "名称"), ("单位", 4, "上级代码"), ("账号", 2, "用户名"), ("账号", 3, "角色"), ("账号", 3, "手机"), ("账号", 4, "角色")],
            errors);
        (await admin.GetAsync($"/api/v1/units/{county}")).AssertStatus(HttpStatusCode.NotFound);

        var notAWorkbook = await admin.SendAsync(HttpMethod.Post, "/api/v1/directory/import", new ByteArrayContent("not a workbook"u8.ToArray()));
        notAWorkbook.AssertProblem(HttpStatusCode.BadRequest, "file");
        var editor = (await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword)).Editor;
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(editor, workbook, dryRun: true)).Status);
    }

    private static (string County, string Town, string Police, byte[] Workbook, string[] Usernames) GoodWorkbook()
    {
        string county = Unique.Code("county"), town = Unique.Code("town"), police = Unique.Code("police");
        string[] usernames = [Unique.Code("user"), Unique.Code("user"), Unique.Code("user")];
        // Children before their parent in the sheet: the import orders them.
        var workbook = Workbook(
            [Unit(town, "於潜镇", "乡镇", county), Unit(police, "县公安局", "department", county), Unit(county, "临安县两办", "县级办公室", null)],
            [Account(usernames[0], town, "信息员", "李明", "13800000000"), Account(usernames[1], county, "信息科编辑", "赵华", null),
             Account(usernames[2], police, "unit-officer", null, null)]);
        return (county, town, police, workbook, usernames);
    }

    private static Dictionary<string, object?> Unit(string code, string name, string kind, string? parent) =>
        new() { ["代码"] = code, ["名称"] = name, ["类型"] = kind, ["上级代码"] = parent };

    private static Dictionary<string, object?> Account(string username, string unit, string roles, string? name, string? mobile) =>
        new() { ["用户名"] = username, ["单位代码"] = unit, ["角色"] = roles, ["姓名"] = name, ["手机"] = mobile };

    private static byte[] Workbook(List<Dictionary<string, object?>> units, List<Dictionary<string, object?>> accounts)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object> { ["单位"] = units, ["账号"] = accounts });
        return stream.ToArray();
    }

    private static Task<ApiResponse> PostAsync(ApiClient admin, byte[] workbook, bool dryRun)
    {
        var content = new ByteArrayContent(workbook);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return admin.SendAsync(HttpMethod.Post, $"/api/v1/directory/import?dryRun={(dryRun ? "true" : "false")}", content);
    }
}
