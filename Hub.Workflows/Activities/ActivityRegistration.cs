using System.Reflection;

namespace Hub.Workflows.Activities;

/// <summary>A registered activity: its descriptor, how to make one and where its inputs go.</summary>
internal sealed record ActivityRegistration(ActivityDescriptor Descriptor, Type ClrType, Func<Activity> Factory,
    IReadOnlyDictionary<string, PropertyInfo> InputProperties)
{
    public bool IsTransient(Exception e) => e is ActivityFaultException { IsTransient: true }
        || Descriptor.RetryPolicy.TransientErrors.Any(name => IsOrDerives(e.GetType(), name));

    private static bool IsOrDerives(Type? type, string fullName)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.FullName == fullName)
            {
                return true;
            }
        }

        return false;
    }
}
