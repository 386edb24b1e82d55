using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Changai.Domain.Telemetry;

/// <summary>Reads one gauge's current values from storage (a scope of its own is provided).</summary>
public delegate Task<IReadOnlyList<Measurement<long>>> GaugeReader(IServiceProvider services, CancellationToken ct);

public sealed record CachedGaugeDefinition(string Name, string Unit, string Description, GaugeReader Read);

public static class CachedGaugeRegistration
{
    /// <summary>A gauge with several tagged values (e.g. one per queue).</summary>
    public static IServiceCollection AddCachedGauge(this IServiceCollection services, string name, string unit, string description, GaugeReader read) =>
        services.AddSingleton(new CachedGaugeDefinition(name, unit, description, read));

    /// <summary>A gauge with one value.</summary>
    public static IServiceCollection AddCachedGauge(
        this IServiceCollection services, string name, string unit, string description, Func<IServiceProvider, CancellationToken, Task<long>> read) =>
        services.AddCachedGauge(name, unit, description, async (sp, ct) => [new Measurement<long>(await read(sp, ct))]);
}

/// <summary>
/// Observable gauges whose values come from a query. A scrape never waits for the database: it gets the values read
/// at most <see cref="MetricsOptions.GaugeCacheSeconds"/> ago, and a stale value starts one background read (never
/// two at once). Only the very first scrape waits, briefly, so it has a value to show. A failed read (the database is
/// down) removes the gauge until a read succeeds: an absent series says "unknown", a stale number would lie.
/// </summary>
public sealed class CachedGauges : IDisposable
{
    private static readonly TimeSpan FirstReadWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly Meter _meter;
    private readonly List<Gauge> _gauges;

    public CachedGauges(
        IEnumerable<CachedGaugeDefinition> definitions, IMeterFactory meters, IServiceScopeFactory scopes, IOptions<MetricsOptions> options,
        TimeProvider time, ILogger<CachedGauges> logger)
    {
        _meter = meters.Create(ChangaiTelemetry.MeterName);
        var maxAge = TimeSpan.FromSeconds(options.Value.GaugeCacheSeconds);
        _gauges = definitions.Select(d => new Gauge(d, maxAge, scopes, time, logger)).ToList();
        foreach (var gauge in _gauges)
        {
            _meter.CreateObservableGauge(gauge.Definition.Name, gauge.Observe, gauge.Definition.Unit, gauge.Definition.Description);
        }
    }

    public void Dispose() => _meter.Dispose();

    private sealed class Gauge(CachedGaugeDefinition definition, TimeSpan maxAge, IServiceScopeFactory scopes, TimeProvider time, ILogger logger)
    {
        private readonly Lock _lock = new();
        private IReadOnlyList<Measurement<long>> _values = [];
        private DateTimeOffset? _readAt;
        private Task? _reading;

        public CachedGaugeDefinition Definition => definition;

        public IEnumerable<Measurement<long>> Observe()
        {
            Task? first = null;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                if (_reading is null && (_readAt is null || now - _readAt >= maxAge))
                {
                    _reading = Task.Run(ReadAsync);
                    first = _readAt is null ? _reading : null;
                }
            }

            // Only before anything was ever read; later scrapes take the last values at once.
            first?.Wait(FirstReadWait);
            lock (_lock)
            {
                return _values;
            }
        }

        private async Task ReadAsync()
        {
            IReadOnlyList<Measurement<long>> values;
            try
            {
                using var cts = new CancellationTokenSource(ReadTimeout);
                await using var scope = scopes.CreateAsyncScope();
                values = await definition.Read(scope.ServiceProvider, cts.Token);
            }
            catch (Exception e)
            {
                // The type only: a database exception's message can carry connection details.
                logger.LogWarning("Gauge {Gauge} could not be read ({ExceptionType}); left out until it can", definition.Name, e.GetType().Name);
                values = [];
            }

            lock (_lock)
            {
                _values = values;
                _readAt = time.GetUtcNow();
                _reading = null;
            }
        }
    }
}
