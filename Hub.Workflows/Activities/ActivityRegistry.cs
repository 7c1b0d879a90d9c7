using Hub.Workflows.Activities.Core;
using Hub.Workflows.HumanTasks;

namespace Hub.Workflows.Activities;

/// <summary>The activity types a host offers: type key → descriptor and factory. Register everything at start-up,
/// then share it; lookups are safe from many threads once registration is over.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, ActivityRegistration> registrations = new(StringComparer.Ordinal);

    /// <summary>A registry holding the core activities (Start, End, Decision, Switch, Fork, Join, SetVariable, Delay,
    /// WaitForSignal, CallHttp, TerminateWithFault, Approval).</summary>
    public static ActivityRegistry CreateCore() => new ActivityRegistry()
        .Register<StartActivity>().Register<EndActivity>().Register<DecisionActivity>().Register<SwitchActivity>()
        .Register<ForkActivity>().Register<JoinActivity>().Register<SetVariableActivity>().Register<DelayActivity>()
        .Register<WaitForSignalActivity>().Register<CallHttpActivity>().Register<TerminateWithFaultActivity>()
        .Register<ApprovalActivity>();

    /// <summary>Every descriptor, ordered by category then display name, for <c>GET /api/activities</c>.</summary>
    public IReadOnlyList<ActivityDescriptor> Descriptors => [.. registrations.Values.Select(r => r.Descriptor)
        .OrderBy(d => d.Category, StringComparer.Ordinal).ThenBy(d => d.DisplayName, StringComparer.Ordinal)];

    /// <summary>Registers <typeparamref name="TActivity"/> under its <see cref="ActivityAttribute.Type"/>.</summary>
    /// <exception cref="ArgumentException">The class lacks its attribute, has a bad input, or the type key is taken.</exception>
    public ActivityRegistry Register<TActivity>() where TActivity : Activity, new()
    {
        var registration = ActivityDescriber.Describe(typeof(TActivity), static () => new TActivity());
        if (!registrations.TryAdd(registration.Descriptor.Type, registration))
        {
            throw new ArgumentException(
                $"activity type '{registration.Descriptor.Type}' is already registered by {registrations[registration.Descriptor.Type].ClrType.FullName}");
        }

        return this;
    }

    /// <summary>The host's rules for approval candidates, checked at publish; null when the host has none (then only
    /// the candidate kinds are checked).</summary>
    public ICandidateRules? CandidateRules { get; private set; }

    /// <summary>Uses <paramref name="rules"/> to check approval candidates when definitions are published.</summary>
    public ActivityRegistry UseCandidateRules(ICandidateRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        CandidateRules = rules;
        return this;
    }

    /// <summary>The descriptor of a type key, or null when unknown.</summary>
    public ActivityDescriptor? Find(string type) => registrations.GetValueOrDefault(type)?.Descriptor;

    internal ActivityRegistration? Registration(string type) => registrations.GetValueOrDefault(type);
}
