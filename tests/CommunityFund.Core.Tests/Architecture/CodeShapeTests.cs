using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CommunityFund.Tests.Architecture;

/// <summary>
/// Keeps the units of src/ small: no member longer than <see cref="MaxMemberLines"/> lines, and one public type per
/// file. Parses every src/**/*.cs (without obj/, bin/ and the generated Migrations/). Files that other work owns and
/// that still break a rule are listed by name below; those lists may only shrink: an entry that no longer breaks its
/// rule fails the test too, so that it is taken out.
/// </summary>
public class CodeShapeTests
{
    /// <summary>The most lines a member may span, from its signature (after its attributes) to its closing brace or
    /// semicolon; the documentation comment above it does not count.</summary>
    private const int MaxMemberLines = 60;

    /// <summary>
    /// Members allowed to stay longer than <see cref="MaxMemberLines"/>, as "path:member" (path from the repository
    /// root). Only for files that this rule's introduction could not touch because other work is moving or
    /// rewriting them; fix the member, then delete its line.
    /// </summary>
    private static readonly HashSet<string> LongMemberAllowList = new(StringComparer.Ordinal)
    {
    };

    /// <summary>
    /// Files allowed to keep declaring more than one top-level public type, by path from the repository root. Same
    /// rule as <see cref="LongMemberAllowList"/>: only files this change could not touch.
    /// </summary>
    private static readonly HashSet<string> SeveralPublicTypesAllowList = new(StringComparer.Ordinal)
    {
    };

    private static readonly string[] SkippedFolders = ["obj", "bin", "Migrations"];

    [Fact]
    public void NoMember_IsLongerThanTheLimit()
    {
        var violations = SourceFiles()
            .SelectMany(file => LongMembers(file.Path, file.Root))
            .ToList();

        AssertOnlyAllowed(
            violations.Select(v => (Key: $"{v.Path}:{v.Member}", Line: $"{v.Path}:{v.Member}:{v.Lines}")).ToList(),
            LongMemberAllowList,
            $"Members longer than {MaxMemberLines} lines (path:member:lines); split them into well-named parts");
    }

    /// <summary>
    /// One public type per file, counted among the top-level types only: nested types and internal ones are free.
    /// Types that share a name and differ in their type parameters (Result and Result&lt;T&gt;) are one family and
    /// count once. Small records get no exemption: a record that is part of the public surface deserves its own
    /// file, where it can be found by name.
    /// </summary>
    [Fact]
    public void EachFile_DeclaresAtMostOneTopLevelPublicType()
    {
        var violations = SourceFiles()
            .Select(file => (file.Path, Names: TopLevelPublicTypeNames(file.Root)))
            .Where(file => file.Names.Count > 1 && !IsResourceFile(file.Path))
            .ToList();

        AssertOnlyAllowed(
            violations.Select(v => (Key: v.Path, Line: $"{v.Path}: {string.Join(", ", v.Names)}")).ToList(),
            SeveralPublicTypesAllowList,
            "Files declaring more than one top-level public type; give each its own file");
    }

    /// <summary>The API keeps one file per resource for its wire records, its enums and its validators
    /// (<c>Apis/Sales/SalesDtos.cs</c>, <c>SalesEnums.cs</c>, <c>SalesValidators.cs</c>): small declarations read
    /// together, each named for its resource.</summary>
    private static bool IsResourceFile(string path) =>
        path.StartsWith("src/CommunityFund.Api/Apis/", StringComparison.Ordinal)
        && (path.EndsWith("Dtos.cs", StringComparison.Ordinal) || path.EndsWith("Enums.cs", StringComparison.Ordinal) || path.EndsWith("Validators.cs", StringComparison.Ordinal));

    private static void AssertOnlyAllowed(
        IReadOnlyList<(string Key, string Line)> violations,
        HashSet<string> allowList,
        string title)
    {
        var unexpected = violations.Where(v => !allowList.Contains(v.Key)).Select(v => v.Line).ToList();
        var stale = allowList.Except(violations.Select(v => v.Key), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        var message = new List<string>();
        if (unexpected.Count > 0)
        {
            message.Add($"{title}:");
            message.AddRange(unexpected.Select(line => "  " + line));
        }

        if (stale.Count > 0)
        {
            message.Add("Allow-list entries that no longer break the rule; delete them:");
            message.AddRange(stale.Select(key => "  " + key));
        }

        Assert.True(message.Count == 0, string.Join(Environment.NewLine, message));
    }

    private static IEnumerable<(string Path, string Member, int Lines)> LongMembers(string path, SyntaxNode root)
    {
        foreach (var node in root.DescendantNodes())
        {
            var span = MemberLineSpan(node);
            if (span is not { } lines || lines <= MaxMemberLines)
            {
                continue;
            }

            yield return (path, MemberName(node), lines);
        }
    }

    /// <summary>The lines of a method-like node (method, constructor, destructor, operator, accessor, local function,
    /// expression-bodied property or indexer, lambda or anonymous method); null for any other node.</summary>
    private static int? MemberLineSpan(SyntaxNode node)
    {
        var counted = node switch
        {
            BaseMethodDeclarationSyntax method => (SyntaxNode?)method,
            AccessorDeclarationSyntax accessor => accessor,
            LocalFunctionStatementSyntax local => local,
            BasePropertyDeclarationSyntax property when ExpressionBody(property) is not null => property,
            AnonymousFunctionExpressionSyntax lambda => lambda,
            _ => null,
        };
        if (counted is null)
        {
            return null;
        }

        var first = FirstTokenAfterAttributes(counted);
        var tree = counted.SyntaxTree;
        var start = tree.GetLineSpan(first.Span).StartLinePosition.Line;
        var end = tree.GetLineSpan(counted.Span).EndLinePosition.Line;
        return end - start + 1;
    }

    private static ArrowExpressionClauseSyntax? ExpressionBody(BasePropertyDeclarationSyntax property) => property switch
    {
        PropertyDeclarationSyntax p => p.ExpressionBody,
        IndexerDeclarationSyntax i => i.ExpressionBody,
        _ => null,
    };

    private static SyntaxToken FirstTokenAfterAttributes(SyntaxNode node)
    {
        var attributes = node switch
        {
            MemberDeclarationSyntax member => member.AttributeLists,
            AccessorDeclarationSyntax accessor => accessor.AttributeLists,
            LocalFunctionStatementSyntax local => local.AttributeLists,
            LambdaExpressionSyntax lambda => lambda.AttributeLists,
            _ => default,
        };
        return attributes.Count == 0 ? node.GetFirstToken() : attributes.Last().GetLastToken().GetNextToken();
    }

    /// <summary>Type.Member, with nested types, accessors, local functions and lambdas after further dots.</summary>
    private static string MemberName(SyntaxNode node)
    {
        var parts = new List<string>();
        for (var current = node; current is not null; current = current.Parent)
        {
            var part = current switch
            {
                BaseTypeDeclarationSyntax type => type.Identifier.Text,
                MethodDeclarationSyntax method => method.Identifier.Text,
                ConstructorDeclarationSyntax => ".ctor",
                DestructorDeclarationSyntax => "Finalize",
                OperatorDeclarationSyntax op => "operator " + op.OperatorToken.Text,
                ConversionOperatorDeclarationSyntax conversion => "operator " + conversion.Type,
                PropertyDeclarationSyntax property => property.Identifier.Text,
                IndexerDeclarationSyntax => "this[]",
                EventDeclarationSyntax e => e.Identifier.Text,
                AccessorDeclarationSyntax accessor => accessor.Keyword.Text,
                LocalFunctionStatementSyntax local => local.Identifier.Text,
                AnonymousFunctionExpressionSyntax => "lambda",
                VariableDeclaratorSyntax variable when variable.Parent?.Parent is BaseFieldDeclarationSyntax => variable.Identifier.Text,
                _ => null,
            };
            if (part is not null)
            {
                parts.Add(part);
            }
        }

        parts.Reverse();
        return string.Join('.', parts);
    }

    /// <summary>The distinct names of the public types declared directly in a namespace or the file itself.</summary>
    private static List<string> TopLevelPublicTypeNames(SyntaxNode root) =>
        root.DescendantNodes(descendIntoChildren: node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<MemberDeclarationSyntax>()
            .Where(member => member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
            .Where(member => member.Modifiers.Any(SyntaxKind.PublicKeyword))
            .Select(member => member switch
            {
                BaseTypeDeclarationSyntax type => type.Identifier.Text,
                DelegateDeclarationSyntax @delegate => @delegate.Identifier.Text,
                _ => throw new InvalidOperationException(member.Kind().ToString()),
            })
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static IEnumerable<(string Path, SyntaxNode Root)> SourceFiles()
    {
        var repository = RepositoryRoot();
        var src = Path.Combine(repository, "src");
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Select(full => Path.GetRelativePath(repository, full).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(folder => SkippedFolders.Contains(folder, StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                var text = File.ReadAllText(Path.Combine(repository, path));
                var tree = CSharpSyntaxTree.ParseText(text, options, path);
                return (path, tree.GetRoot());
            })
            .ToList();
    }

    /// <summary>The folder holding CommunityFund.sln, found by walking up from the test's output folder.</summary>
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CommunityFund.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"CommunityFund.sln not found above {AppContext.BaseDirectory}");
    }
}
