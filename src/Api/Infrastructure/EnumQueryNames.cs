using System.Collections.Concurrent;
using System.Reflection;

namespace Changai.Api.Infrastructure;

/// <summary>
/// Lets query strings name enum values the way our JSON writes them (<c>?status=submitted</c>, camelCase) as well as in
/// the C# spelling. Minimal APIs parse enum query values case-sensitively, so without this the mini-program's
/// <c>?channel=employerUnion</c> answered 400. Runs after routing: it finds the handler's enum parameters (direct or inside
/// an <c>[AsParameters]</c> record) and rewrites matching values to their canonical name; unknown values are left alone
/// and still answer 400.
/// </summary>
public sealed class EnumQueryNames(RequestDelegate next)
{
    private static readonly ConcurrentDictionary<MethodInfo, IReadOnlyDictionary<string, Type>> EnumParameters = new();

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.QueryString.HasValue && context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is { } handler)
        {
            var enums = EnumParameters.GetOrAdd(handler, Find);
            if (enums.Count > 0)
            {
                Rewrite(context.Request, enums);
            }
        }

        return next(context);
    }

    private static void Rewrite(HttpRequest request, IReadOnlyDictionary<string, Type> enums)
    {
        var changed = false;
        var values = new List<KeyValuePair<string, string?>>();
        foreach (var (key, value) in request.Query)
        {
            foreach (var item in value)
            {
                var text = item;
                if (text is not null && enums.TryGetValue(key, out var type) && !Enum.IsDefined(type, text)
                    && Enum.TryParse(type, text, ignoreCase: true, out var parsed) && !int.TryParse(text, out _))
                {
                    text = parsed!.ToString();
                    changed = true;
                }

                values.Add(new(key, text));
            }
        }

        if (changed)
        {
            request.QueryString = QueryString.Create(values);
        }
    }

    private static IReadOnlyDictionary<string, Type> Find(MethodInfo handler)
    {
        var found = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in handler.GetParameters())
        {
            if (EnumType(parameter.ParameterType) is { } direct)
            {
                found[parameter.Name!] = direct;
            }
            else if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var property in parameter.ParameterType.GetProperties())
                {
                    if (EnumType(property.PropertyType) is { } nested)
                    {
                        found[property.Name] = nested;
                    }
                }
            }
        }

        return found;
    }

    private static Type? EnumType(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is { IsEnum: true } e ? e : null;
}
