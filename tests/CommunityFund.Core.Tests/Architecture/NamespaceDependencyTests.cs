using CommunityFund.Economy;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace CommunityFund.Tests.Architecture;

/// <summary>The packages' structure as a specification: the kernel knows nothing of the community domain, and no two
/// namespaces depend on each other (read from the compiled IL, so a fully qualified name cannot hide a dependency).</summary>
public class NamespaceDependencyTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlySet<string>>> Graph = new(() =>
        NamespaceGraph.Of([typeof(Money).Assembly.Location, typeof(CommunityEconomy).Assembly.Location]));

    [Fact]
    public void Kernel_DoesNotReferenceTheCommunityDomainAssembly()
    {
        var references = typeof(Money).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain("CommunityFund.Core", references);
    }

    [Fact]
    public void Kernel_NamespacesUseNoDomainNamespace()
    {
        var kernel = NamespaceGraph.Of([typeof(Money).Assembly.Location]);
        var domain = NamespaceGraph.NamespacesOf(typeof(CommunityEconomy).Assembly.Location)
            .Except(NamespaceGraph.NamespacesOf(typeof(Money).Assembly.Location)).ToHashSet();

        var offending = kernel.SelectMany(n => n.Value.Where(domain.Contains).Select(d => $"{n.Key} -> {d}")).ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void Namespaces_FormNoCycle()
    {
        var cycles = NamespaceGraph.Cycles(Graph.Value).Select(c => string.Join(" -> ", c)).ToList();

        Assert.Empty(cycles);
    }

    [Fact]
    public void Domain_DependsOnTheKernel()
    {
        Assert.Contains("CommunityFund.Posting", Graph.Value["CommunityFund.Economy"]);
    }
}

/// <summary>The namespace dependency graph of CommunityFund assemblies, read from their IL with Mono.Cecil.</summary>
internal static class NamespaceGraph
{
    internal static IReadOnlySet<string> NamespacesOf(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        return module.Types.Where(t => t.Namespace.StartsWith("CommunityFund", StringComparison.Ordinal)).Select(t => t.Namespace).ToHashSet();
    }

    internal static IReadOnlyDictionary<string, IReadOnlySet<string>> Of(IEnumerable<string> assemblyPaths)
    {
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var path in assemblyPaths)
        {
            using var module = ModuleDefinition.ReadModule(path);
            foreach (var type in module.GetTypes().Where(t => OwnNamespace(t).StartsWith("CommunityFund", StringComparison.Ordinal)))
            {
                var from = OwnNamespace(type);
                var targets = edges.TryGetValue(from, out var set) ? set : edges[from] = new HashSet<string>(StringComparer.Ordinal);
                foreach (var used in ReferencedTypes(type).Select(Namespace).Where(n => n.StartsWith("CommunityFund", StringComparison.Ordinal) && n != from))
                {
                    targets.Add(used);
                }
            }
        }

        return edges.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value, StringComparer.Ordinal);
    }

    /// <summary>Every elementary cycle's strongly connected component (Tarjan), as its namespaces.</summary>
    internal static IEnumerable<IReadOnlyList<string>> Cycles(IReadOnlyDictionary<string, IReadOnlySet<string>> graph)
    {
        var index = 0;
        var indices = new Dictionary<string, int>();
        var lowLinks = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var components = new List<IReadOnlyList<string>>();

        void Connect(string node)
        {
            indices[node] = lowLinks[node] = index++;
            stack.Push(node);
            foreach (var next in graph.TryGetValue(node, out var targets) ? targets : new HashSet<string>())
            {
                if (!indices.ContainsKey(next))
                {
                    Connect(next);
                    lowLinks[node] = Math.Min(lowLinks[node], lowLinks[next]);
                }
                else if (stack.Contains(next))
                {
                    lowLinks[node] = Math.Min(lowLinks[node], indices[next]);
                }
            }

            if (lowLinks[node] == indices[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    components.Add(component);
                }
            }
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal).Where(n => !indices.ContainsKey(n)))
        {
            Connect(node);
        }

        return components;
    }

    private static string OwnNamespace(TypeDefinition type) => type.DeclaringType is null ? type.Namespace : OwnNamespace(type.DeclaringType);

    private static string Namespace(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type.Namespace;
    }

    private static IEnumerable<TypeReference> ReferencedTypes(TypeDefinition type)
    {
        IEnumerable<TypeReference> Expand(TypeReference? reference)
        {
            if (reference is null)
            {
                yield break;
            }

            yield return reference.GetElementType();
            if (reference is GenericInstanceType generic)
            {
                foreach (var argument in generic.GenericArguments.SelectMany(Expand))
                {
                    yield return argument;
                }
            }
        }

        IEnumerable<TypeReference> Attributes(IEnumerable<CustomAttribute> attributes) =>
            attributes.SelectMany(a => Expand(a.AttributeType).Concat(a.ConstructorArguments.Select(c => c.Value).OfType<TypeReference>().SelectMany(Expand)));

        var found = new List<TypeReference>();
        found.AddRange(Expand(type.BaseType));
        found.AddRange(type.Interfaces.SelectMany(i => Expand(i.InterfaceType)));
        found.AddRange(Attributes(type.CustomAttributes));
        found.AddRange(type.Fields.SelectMany(f => Expand(f.FieldType)));
        found.AddRange(type.Properties.SelectMany(p => Expand(p.PropertyType).Concat(Attributes(p.CustomAttributes))));
        found.AddRange(Attributes(type.Fields.SelectMany(f => f.CustomAttributes)));
        foreach (var method in type.Methods)
        {
            found.AddRange(Expand(method.ReturnType));
            found.AddRange(method.Parameters.SelectMany(p => Expand(p.ParameterType)));
            found.AddRange(Attributes(method.CustomAttributes));
            if (!method.HasBody)
            {
                continue;
            }

            found.AddRange(method.Body.Variables.SelectMany(v => Expand(v.VariableType)));
            foreach (var instruction in method.Body.Instructions)
            {
                found.AddRange(instruction.Operand switch
                {
                    TypeReference t => Expand(t),
                    MethodReference m => Expand(m.DeclaringType).Concat(Expand(m.ReturnType)),
                    FieldReference f => Expand(f.DeclaringType).Concat(Expand(f.FieldType)),
                    _ => [],
                });
            }
        }

        return found;
    }
}
