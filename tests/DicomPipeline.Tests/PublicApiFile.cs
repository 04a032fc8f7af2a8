using System.Reflection;
using System.Text;

namespace DicomPipeline.Tests;

/// <summary>
/// Reads the PublicAPI.Shipped.txt and PublicAPI.Unshipped.txt of a project (the PublicApiAnalyzers' format) and names
/// reflected types and members the way those files do, so a test can compare the two.
/// </summary>
internal static partial class PublicApiFile
{
    private static readonly string[] Modifiers = ["static ", "abstract ", "virtual ", "override ", "const ", "readonly ", "sealed ", "new "];

    /// <summary>The declared symbols: the shipped lines and the unshipped ones, less the lines marked <c>*REMOVED*</c>.</summary>
    public static List<string> Read(string projectDirectory)
    {
        var removed = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var file in new[] { "PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt" })
        {
            foreach (var raw in File.ReadLines(Path.Combine(projectDirectory, file)))
            {
                // A leading '~' marks a symbol the analyzer reads without nullable annotations (a record struct's own ToString).
                var line = raw.Trim().TrimStart('~');
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                if (line.StartsWith("*REMOVED*", StringComparison.Ordinal))
                {
                    removed.Add(line["*REMOVED*".Length..]);
                }
                else
                {
                    lines.Add(line);
                }
            }
        }

        return lines.Where(l => !removed.Contains(l)).Select(StripModifiers).ToList();
    }

    /// <summary>Whether a line declares a type (a bare name: no parameter list, no <c>-&gt;</c>, no value).</summary>
    public static bool IsTypeLine(string line) =>
        !line.Contains('(', StringComparison.Ordinal) && !line.Contains(" -> ", StringComparison.Ordinal) && !line.Contains(" = ", StringComparison.Ordinal);

    /// <summary>Every <c>Type.Member</c> a member line starts with (the symbol before its parameters, accessor or value).</summary>
    public static HashSet<string> MemberPrefixes(IEnumerable<string> lines)
    {
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines.Where(l => !IsTypeLine(l)))
        {
            // The symbol ends at the parameter list, the indexer's bracket, the value or the type.
            var symbol = line;
            foreach (var stop in new[] { "(", "[", " = ", " -> " })
            {
                var at = symbol.IndexOf(stop, StringComparison.Ordinal);
                if (at > 0)
                {
                    symbol = symbol[..at];
                }
            }

            symbol = GenericArguments().Replace(symbol, string.Empty);
            prefixes.Add(symbol);
            foreach (var accessor in new[] { ".get", ".set", ".init" })
            {
                if (symbol.EndsWith(accessor, StringComparison.Ordinal))
                {
                    prefixes.Add(symbol[..^accessor.Length]);
                }
            }
        }

        return prefixes;
    }

    /// <summary>The members a user outside the assembly sees, declared by <paramref name="type"/> itself.</summary>
    public static IEnumerable<MemberInfo> VisibleMembers(Type type) =>
        type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m switch
            {
                ConstructorInfo c => (c.IsPublic || c.IsFamily || c.IsFamilyOrAssembly) && !c.IsStatic,
                MethodInfo method => (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly) && !method.IsSpecialName,
                FieldInfo field => (field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly) && !field.IsSpecialName,
                PropertyInfo property => property.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
                EventInfo e => e.AddMethod is { } add && (add.IsPublic || add.IsFamily),
                _ => false,
            });

    /// <summary>The member's name as the files spell it after the type: the type's simple name for a constructor.</summary>
    public static string MemberName(MemberInfo member) => member switch
    {
        ConstructorInfo c => SimpleName(c.DeclaringType!),
        PropertyInfo p when p.GetIndexParameters().Length > 0 => "this",
        _ => member.Name,
    };

    /// <summary>A type's name as the files spell it: namespace, enclosing types and <c>&lt;T&gt;</c> for generics, joined by dots.</summary>
    public static string TypeName(Type type)
    {
        var name = new StringBuilder();
        var arguments = type.GetGenericArguments();
        var used = 0;
        var chain = new Stack<Type>();
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            chain.Push(t);
        }

        name.Append(type.Namespace);
        foreach (var t in chain)
        {
            name.Append('.').Append(SimpleName(t));
            var count = t.GetGenericArguments().Length - used;
            if (count > 0)
            {
                name.Append('<').AppendJoin(", ", arguments.Skip(used).Take(count).Select(a => a.Name)).Append('>');
                used += count;
            }
        }

        return name.ToString();
    }

    private static string SimpleName(Type type)
    {
        var tick = type.Name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? type.Name : type.Name[..tick];
    }

    /// <summary>A generic method's type parameters after its name (<c>Get&lt;T&gt;</c>), not a name that starts with '&lt;' (<c>&lt;Clone&gt;$</c>).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=[^.])<[^()]*>$")]
    private static partial System.Text.RegularExpressions.Regex GenericArguments();

    private static string StripModifiers(string line)
    {
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var modifier in Modifiers)
            {
                if (line.StartsWith(modifier, StringComparison.Ordinal))
                {
                    line = line[modifier.Length..];
                    changed = true;
                }
            }
        }

        return line;
    }
}
