// OfficeMesh's web workspace: a Blazor WebAssembly client of the public /api/v1, served by the gateway
// at "/". Pages live under Pages/<Area>/, the frame under Components/Layout/, and every call to the
// API goes through Services/ApiClient.
using System.Globalization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using OfficeMesh.Web;
using OfficeMesh.Web.Services;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

var chinese = CultureInfo.GetCultureInfo("zh-CN");
CultureInfo.DefaultThreadCurrentCulture = chinese;
CultureInfo.DefaultThreadCurrentUICulture = chinese;

builder.Services.AddAntDesign();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<BrowserStorage>();
builder.Services.AddScoped<AuthState>();
builder.Services.AddScoped(services => new HttpClient { BaseAddress = new Uri(builder.HostEnvironment.BaseAddress) });
builder.Services.AddScoped<ApiClient>();
builder.Services.AddScoped<SubmissionDrafts>();
builder.Services.AddTransient<LiveStream>();
builder.Services.AddScoped<InboxFeed>();
builder.Services.AddSectionServices();
builder.Services.AddCoordinationAndLeaderServices();

var host = builder.Build();
await host.Services.GetRequiredService<AuthState>().RestoreAsync();
await host.RunAsync();
