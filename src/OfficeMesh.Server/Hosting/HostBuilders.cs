namespace OfficeMesh.Server.Hosting;

public static class HostBuilders
{
    /// <summary>
    /// A web host builder that reads appsettings.json beside the executable (wherever it is started
    /// from), then environment variables and the command line, with <c>--role</c> understood.
    /// </summary>
    public static WebApplicationBuilder Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, ServerSettings.CommandLineSwitches);
        return builder;
    }
}
