using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using OfficeMesh.Peer;

// The plain alternative to OfficeMesh that the benchmark measures it against: one PostgreSQL row inserted or
// selected per request, behind JWT bearer auth, with OfficeMesh's request and response shapes for what the load
// sends (sign in, submit an item, read one, list the unit's). Settings (environment variables):
//   ConnectionStrings__Peer, Peer__SigningKey (hex), Peer__Username, Peer__Password, Peer__UnitCode.
var builder = WebApplication.CreateSlimBuilder(args);
var settings = builder.Configuration.GetSection("Peer");
var officer = new PeerOfficer(
    settings["Username"] ?? throw new InvalidOperationException("Peer:Username is not set."),
    settings["Password"] ?? throw new InvalidOperationException("Peer:Password is not set."),
    settings["UnitCode"] ?? throw new InvalidOperationException("Peer:UnitCode is not set."));
var signingKey = new SymmetricSecurityKey(Convert.FromHexString(settings["SigningKey"] ?? throw new InvalidOperationException("Peer:SigningKey is not set.")));
var connectionString = builder.Configuration.GetConnectionString("Peer") ?? throw new InvalidOperationException("ConnectionStrings:Peer is not set.");

builder.Services.AddSingleton(NpgsqlDataSource.Create(connectionString));
builder.Services.AddSingleton(officer);
builder.Services.AddSingleton(new PeerTokens(signingKey));
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, PeerJson.Default));
builder.Services.AddProblemDetails();
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
    .AddJwtBearer(options =>
    {
        options.MapInboundClaims = false;
        options.TokenValidationParameters = PeerTokens.ValidationParameters(signingKey);
    });
builder.Services.AddAuthorization();

var app = builder.Build();
await ItemTable.CreateAsync(app.Services.GetRequiredService<NpgsqlDataSource>());
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/health/ready", () => TypedResults.Ok());
app.MapPost("/api/v1/auth/token", (SignIn request, PeerOfficer account, PeerTokens tokens) =>
    request.Username == account.Username && request.Password == account.Password
        ? Results.Ok(tokens.Issue(account))
        : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "Wrong username or password."));

var items = app.MapGroup("/api/v1/items").RequireAuthorization();
items.MapPost("/", ItemTable.SubmitAsync).RequireAuthorization(policy => policy.RequireRole(PeerTokens.OfficerRole));
items.MapGet("/{id}", ItemTable.ReadAsync);
items.MapGet("/", ItemTable.ListAsync);
app.Run();

namespace OfficeMesh.Peer
{
    public sealed record PeerOfficer(string Username, string Password, string UnitCode);

    public sealed record SignIn(string? Username, string? Password);

    public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt, string Username, string UnitCode, IReadOnlyList<string> Roles);

    public sealed record ItemRequest(string? Title, string? Body, string? Topic, string? Kind, string? Classification);

    public sealed record HistoryEntry(DateTimeOffset At, string Actor, string Action, string? Detail);

    /// <summary>An item as OfficeMesh's API shows a freshly submitted one (the parts that are empty then are empty here).</summary>
    public sealed record Item(string Id, string UnitCode, string Title, string Body, string Topic, string Kind, string Classification,
        DateTimeOffset? OccurredAt, DateTimeOffset SubmittedAt, string Status, object? Emergency, IReadOnlyList<object> Reviews, object? Periodical,
        IReadOnlyList<object> Forwards, IReadOnlyList<object> Adoptions, IReadOnlyList<object> Instructions, IReadOnlyList<object> FollowUps,
        IReadOnlyList<HistoryEntry> History, int Version, string SubmittedBy);

    public sealed record ItemPage(IReadOnlyList<JsonElement> Items, string? NextCursor);

    [System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [System.Text.Json.Serialization.JsonSerializable(typeof(SignIn))]
    [System.Text.Json.Serialization.JsonSerializable(typeof(IssuedToken))]
    [System.Text.Json.Serialization.JsonSerializable(typeof(ItemRequest))]
    [System.Text.Json.Serialization.JsonSerializable(typeof(Item))]
    [System.Text.Json.Serialization.JsonSerializable(typeof(ItemPage))]
    [System.Text.Json.Serialization.JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
    public sealed partial class PeerJson : System.Text.Json.Serialization.JsonSerializerContext;

    /// <summary>HS256 bearer tokens, as OfficeMesh signs them, validated by the stock JWT bearer handler on every request.</summary>
    public sealed class PeerTokens(SecurityKey signingKey)
    {
        public const string OfficerRole = "unit-officer";
        private const string Issuer = "officemesh-peer";
        private readonly JsonWebTokenHandler _handler = new();

        public IssuedToken Issue(PeerOfficer officer)
        {
            var now = DateTimeOffset.UtcNow;
            var expires = now.AddHours(12);
            var token = _handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = Issuer,
                Subject = new ClaimsIdentity([new("sub", officer.Username), new("unit", officer.UnitCode), new("role", OfficerRole)]),
                IssuedAt = now.UtcDateTime,
                NotBefore = now.UtcDateTime,
                Expires = expires.UtcDateTime,
                SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.HmacSha256),
            });
            return new IssuedToken(token, expires, officer.Username, officer.UnitCode, [OfficerRole]);
        }

        public static TokenValidationParameters ValidationParameters(SecurityKey signingKey) => new()
        {
            ValidIssuer = Issuer,
            ValidAudience = Issuer,
            IssuerSigningKey = signingKey,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            NameClaimType = "sub",
            RoleClaimType = "role",
        };
    }

    /// <summary>One table of items, one row per item, its document as jsonb: one statement per request.</summary>
    public static class ItemTable
    {
        private static readonly string[] Topics = ["focus", "hot", "difficulty", "highlight"];
        private static readonly string[] Kinds = ["dynamic", "experience", "problem", "suggestion", "emergency", "public-sentiment", "internet-opinion"];
        private static readonly string[] Classifications = ["public", "internal", "secret"];

        public static async Task CreateAsync(NpgsqlDataSource database)
        {
            await using var command = database.CreateCommand("""
                CREATE TABLE IF NOT EXISTS peer_item (
                    id text PRIMARY KEY,
                    unit_code text NOT NULL,
                    submitted_at timestamptz NOT NULL,
                    document jsonb NOT NULL);
                CREATE INDEX IF NOT EXISTS peer_item_by_unit ON peer_item (unit_code, submitted_at DESC, id DESC);
                """);
            await command.ExecuteNonQueryAsync();
        }

        public static async Task<IResult> SubmitAsync(ItemRequest request, ClaimsPrincipal user, NpgsqlDataSource database, CancellationToken cancellationToken)
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(request.Title)) errors["title"] = ["title is required."];
            if (string.IsNullOrWhiteSpace(request.Body)) errors["body"] = ["body is required."];
            if (!Topics.Contains(request.Topic)) errors["topic"] = [$"topic is one of: {string.Join(", ", Topics)}."];
            if (!Kinds.Contains(request.Kind)) errors["kind"] = [$"kind is one of: {string.Join(", ", Kinds)}."];
            if (request.Classification is not null && !Classifications.Contains(request.Classification)) errors["classification"] = [$"classification is one of: {string.Join(", ", Classifications)}."];
            if (request.Kind == "emergency") errors["kind"] = ["The peer takes routine items only."];
            if (errors.Count > 0)
                return Results.ValidationProblem(errors);

            var username = user.FindFirst("sub")!.Value;
            var now = DateTimeOffset.UtcNow;
            var item = new Item(Guid.CreateVersion7().ToString("N"), user.FindFirst("unit")!.Value, request.Title!, request.Body!, request.Topic!, request.Kind!,
                request.Classification ?? "public", null, now, "submitted", null, [], null, [], [], [], [], [new HistoryEntry(now, username, "submitted", null)], 1, username);
            await using var command = database.CreateCommand("INSERT INTO peer_item (id, unit_code, submitted_at, document) VALUES ($1, $2, $3, $4)");
            command.Parameters.Add(new NpgsqlParameter { Value = item.Id });
            command.Parameters.Add(new NpgsqlParameter { Value = item.UnitCode });
            command.Parameters.Add(new NpgsqlParameter { Value = now });
            command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(item, PeerJson.Default.Item), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
            await command.ExecuteNonQueryAsync(cancellationToken);
            return Results.Created($"/api/v1/items/{item.Id}", item);
        }

        /// <summary>The item if it is the caller's unit's; 404 otherwise, as OfficeMesh never reveals another unit's items.</summary>
        public static async Task<IResult> ReadAsync(string id, ClaimsPrincipal user, NpgsqlDataSource database, CancellationToken cancellationToken)
        {
            await using var command = database.CreateCommand("SELECT document::text FROM peer_item WHERE id = $1 AND unit_code = $2");
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            command.Parameters.Add(new NpgsqlParameter { Value = user.FindFirst("unit")!.Value });
            return await command.ExecuteScalarAsync(cancellationToken) is string document
                ? Results.Text(document, "application/json; charset=utf-8")
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"There is no item '{id}'.");
        }

        /// <summary>The caller's unit's items, newest first, a page at a time (the cursor is the last row's time and id).</summary>
        public static async Task<IResult> ListAsync(int? limit, string? cursor, ClaimsPrincipal user, NpgsqlDataSource database, CancellationToken cancellationToken)
        {
            var size = Math.Clamp(limit ?? 50, 1, 500);
            await using var command = database.CreateCommand(cursor is null
                ? "SELECT document::text, submitted_at, id FROM peer_item WHERE unit_code = $1 ORDER BY submitted_at DESC, id DESC LIMIT $2"
                : "SELECT document::text, submitted_at, id FROM peer_item WHERE unit_code = $1 AND (submitted_at, id) < ($3, $4) ORDER BY submitted_at DESC, id DESC LIMIT $2");
            command.Parameters.Add(new NpgsqlParameter { Value = user.FindFirst("unit")!.Value });
            command.Parameters.Add(new NpgsqlParameter { Value = size + 1 });
            if (cursor is not null)
            {
                var parts = cursor.Split('_');
                if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var ticks) || ticks < 0 || ticks > DateTimeOffset.MaxValue.UtcTicks)
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = ["The cursor is not one this service gave out."] });
                command.Parameters.Add(new NpgsqlParameter { Value = new DateTimeOffset(ticks, TimeSpan.Zero) });
                command.Parameters.Add(new NpgsqlParameter { Value = parts[1] });
            }
            var rows = new List<(string Document, DateTimeOffset At, string Id)>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    rows.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2)));
            }
            var page = rows.Take(size).ToList();
            var next = rows.Count > size ? $"{page[^1].At.UtcTicks.ToString(CultureInfo.InvariantCulture)}_{page[^1].Id}" : null;
            return Results.Ok(new ItemPage(page.Select(row => JsonDocument.Parse(row.Document).RootElement.Clone()).ToList(), next));
        }
    }
}
