using System.Reflection;
using System.Text.Json;

namespace Hub.Workflows.Activities;

/// <summary>Builds an <see cref="ActivityDescriptor"/> from an activity class's attributes by reflection.</summary>
internal static class ActivityDescriber
{
    public static ActivityRegistration Describe(Type type, Func<Activity> factory)
    {
        var card = type.GetCustomAttribute<ActivityAttribute>()
            ?? throw new ArgumentException($"activity class {type.FullName} has no [Activity] attribute", nameof(type));
        var outcomes = type.GetCustomAttribute<OutcomesAttribute>();
        var inputs = new List<InputDescriptor>();
        var properties = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
        foreach (var (property, input) in InputBinding.Inputs(type))
        {
            if (property.SetMethod is not { IsPublic: true })
            {
                throw new ArgumentException($"input {type.Name}.{property.Name} has no public setter", nameof(type));
            }

            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            JsonElement? defaultValue = null;
            if (input.DefaultJson is { } json)
            {
                defaultValue = JsonDocument.Parse(json).RootElement.Clone();
                try
                {
                    InputBinding.Convert(defaultValue.Value, property.PropertyType);
                }
                catch (FormatException e)
                {
                    throw new ArgumentException($"default of input {type.Name}.{property.Name}: {e.Message}", nameof(type), e);
                }
            }

            var underlying = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            inputs.Add(new InputDescriptor(name, InputBinding.JsonTypeName(property.PropertyType), input.DisplayName ?? property.Name,
                input.Description, input.Order, input.Category, input.UiHint, defaultValue, input.Required, input.Secret,
                input.LiteralOnly, underlying.IsEnum ? [.. Enum.GetNames(underlying).Select(JsonNamingPolicy.CamelCase.ConvertName)] : []));
            properties[name] = property;
        }

        var outputs = type.GetCustomAttributes<OutputAttribute>().Select(o => new OutputDescriptor(o.Name, o.Type, o.Description)).ToList();
        var retry = type.GetCustomAttribute<RetryPolicyAttribute>() is { } r
            ? new RetryPolicy(r.MaxAttempts, TimeSpan.FromSeconds(r.InitialBackoffSeconds), r.BackoffMultiplier,
                TimeSpan.FromSeconds(r.MaxBackoffSeconds), [.. r.TransientErrors.Select(t => t.FullName!)])
            : RetryPolicy.None;
        var descriptor = new ActivityDescriptor(card.Type, card.Category, card.DisplayName, card.Description, inputs, outputs,
            outcomes?.Outcomes ?? [], outcomes?.DynamicFromInput, retry);
        return new ActivityRegistration(descriptor, type, factory, properties);
    }
}
