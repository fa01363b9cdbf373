using System.Net;
using System.Text.Json.Nodes;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Http;

/// <summary>
/// What a county's programmer reads in /openapi/v1.json before writing a client: for each operation, the body of
/// success and every refusal it can meet, as problem details (a 400 with its field errors).
/// </summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class OpenApiResponseTests(EmbeddedServerFixture server)
{
    private const string ProblemJson = "application/problem+json";

    [Theory]
    [InlineData("/api/v1/items", "post", "201", "400 401 403 409")]
    [InlineData("/api/v1/items/{id}", "get", "200", "401 404")]
    [InlineData("/api/v1/items/{id}/reviews", "post", "200", "400 401 403 404 409")]
    [InlineData("/api/v1/units", "post", "201", "400 401 403 409")]
    [InlineData("/api/v1/accounts/{username}", "put", "200", "400 401 403 404 409")]
    [InlineData("/api/v1/auth/token", "post", "200", "400 401 429")]
    [InlineData("/api/v1/duty/emergencies", "post", "201", "400 401 403 404 409")]
    public async Task An_operation_lists_its_success_body_and_each_refusal_as_problem_details(string path, string method, string success, string refusals)
    {
        var document = await DocumentAsync();
        var responses = document["paths"]![path]![method]!["responses"]!.AsObject();

        var body = Schema(document, responses[success]?["content"]?["application/json"]?["schema"]);
        Assert.True(body?["properties"]?.AsObject().Count > 0, $"{method} {path}: {success} has no JSON body described.");
        foreach (var status in refusals.Split(' '))
        {
            var problem = Schema(document, responses[status]?["content"]?[ProblemJson]?["schema"]);
            Assert.True(problem is not null, $"{method} {path}: {status} is not described as {ProblemJson}.");
            var fields = problem["properties"]!.AsObject().Select(property => property.Key).ToList();
            Assert.All(new[] { "status", "title", "detail" }, field => Assert.Contains(field, fields));
            if (status == "400")
                Assert.Contains("errors", fields);
        }
    }

    [Fact]
    public async Task An_item_as_submitted_is_described_with_the_fields_api_md_gives_it()
    {
        var document = await DocumentAsync();
        var item = Schema(document, document["paths"]!["/api/v1/items"]!["post"]!["responses"]!["201"]!["content"]!["application/json"]!["schema"])!;
        var fields = item["properties"]!.AsObject().Select(property => property.Key).ToList();
        Assert.All(new[] { "id", "unitCode", "title", "body", "topic", "kind", "classification", "submittedAt", "status", "history" },
            field => Assert.Contains(field, fields));
    }

    [Theory]
    [InlineData("/api/v1/items/export", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("/api/v1/periodicals/{year}/issues/{number}/document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    public async Task A_download_names_the_file_type_it_answers_with_as_binary(string path, string contentType)
    {
        var document = await DocumentAsync();
        var responses = document["paths"]![path]!["get"]!["responses"]!;
        var file = Schema(document, responses["200"]?["content"]?[contentType]?["schema"]);
        Assert.True(file is not null, $"GET {path}: 200 is not described as {contentType}: {responses.ToJsonString()}");
        Assert.True(file["format"]?.GetValue<string>() == "binary", $"GET {path}: the file is described as {file.ToJsonString()}");
        Assert.NotNull(responses["404"]?["content"]?[ProblemJson] ?? responses["403"]?["content"]?[ProblemJson]);
    }

    private async Task<JsonNode> DocumentAsync() =>
        (await server.Anonymous.GetAsync("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK).Json!;

    /// <summary>A schema as a reader follows it: through its reference into the document's components.</summary>
    private static JsonNode? Schema(JsonNode document, JsonNode? schema) =>
        schema?["$ref"]?.GetValue<string>() is { } reference
            ? document["components"]!["schemas"]![reference["#/components/schemas/".Length..]]
            : schema;
}
