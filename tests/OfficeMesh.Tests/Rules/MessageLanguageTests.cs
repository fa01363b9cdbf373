using System.Reflection;
using System.Text.RegularExpressions;
using OfficeMesh.Contracts;
using Xunit;

namespace OfficeMesh.Tests.Rules;

/// <summary>
/// Every refusal a person can read has its Chinese text: DomainException cannot be made without one,
/// and in the source every Chinese text given is Chinese (not English pasted twice).
/// </summary>
public sealed partial class MessageLanguageTests
{
    [Fact]
    public void A_domain_exception_cannot_be_made_without_a_Chinese_and_an_English_text()
    {
        var type = typeof(DomainException);
        var makers = type.GetConstructors().Cast<MethodBase>()
            .Concat(type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(method => method.ReturnType == type))
            .ToList();
        Assert.True(makers.Count >= 5, "Expected the constructor and the Invalid/NotFound/Conflict/Forbidden factories.");
        foreach (var maker in makers)
        {
            var parameters = maker.GetParameters();
            Assert.True(parameters.Any(p => p is { Name: "zh", ParameterType: var t } && t == typeof(string))
                && parameters.Any(p => p is { Name: "en", ParameterType: var t } && t == typeof(string)),
                $"{maker} must take zh and en texts.");
        }
        var refusal = DomainException.Conflict(zh: "该信息已终报", en: "The final report was already given.");
        Assert.Equal("该信息已终报", refusal.MessageIn(Language.Chinese));
        Assert.Equal("The final report was already given.", refusal.MessageIn(Language.English));
        Assert.Equal("The final report was already given.", refusal.Message);
    }

    [Fact]
    public void Every_refusal_in_the_source_names_its_Chinese_text_and_that_text_is_Chinese()
    {
        var sources = Directory.GetFiles(Path.Combine(RepositoryRoot(), "src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(path => path, File.ReadAllText);
        var problems = new List<string>();
        var chineseTexts = 0;
        foreach (var (path, text) in sources)
        {
            var name = Path.GetFileName(path);
            foreach (Match call in RefusalCall().Matches(text))
            {
                if (name == "DomainException.cs")
                    continue;
                var arguments = text.Substring(call.Index + call.Length, Math.Min(400, text.Length - call.Index - call.Length));
                var english = EnglishArgument().Match(arguments);
                if (!english.Success || !ChineseArgument().IsMatch(arguments[..english.Index]))
                    problems.Add($"{name}: {call.Value}{arguments[..Math.Min(80, arguments.Length)]} has no zh text before its English one");
            }
            foreach (Match literal in ChineseLiteral().Matches(text))
            {
                chineseTexts++;
                if (!Han().IsMatch(literal.Groups["text"].Value))
                    problems.Add($"{name}: zh text \"{literal.Groups["text"].Value}\" has no Chinese in it");
            }
        }
        Assert.True(chineseTexts > 100, $"Only {chineseTexts} Chinese texts found: is the scan reading the sources?");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [GeneratedRegex(@"DomainException\.(Invalid|NotFound|Conflict|Forbidden)\(|new DomainException\(")]
    private static partial Regex RefusalCall();

    [GeneratedRegex(@"\ben\s*[:,)]")]
    private static partial Regex EnglishArgument();

    [GeneratedRegex(@"\bzh\s*[:,)]")]
    private static partial Regex ChineseArgument();

    /// <summary>A zh: argument, or the first text handed to Pick(zh, en) in the API and gateway.</summary>
    [GeneratedRegex(@"(?:zh:\s*|Pick\((?:[\w.]+,\s*)?\s*)\$?""(?<text>(?:[^""\\]|\\.)*)""")]
    private static partial Regex ChineseLiteral();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OfficeMesh.sln")))
                return directory.FullName;
        }
        throw new DirectoryNotFoundException("Could not find OfficeMesh.sln above the test output directory.");
    }
}
