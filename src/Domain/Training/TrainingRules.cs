namespace Changai.Domain.Training;

/// <summary>Rules about attendance: when a course counts as completed, and when no-shows cost waitlist priority.</summary>
public static class TrainingRules
{
    /// <summary>
    /// Completed when the worker attended every session of the course that took place (cancelled sessions do not count);
    /// a course whose sessions were all cancelled cannot be completed.
    /// </summary>
    public static bool IsCompleted(IReadOnlyCollection<Guid> sessionsHeld, IReadOnlyCollection<Guid> sessionsAttended) =>
        sessionsHeld.Count > 0 && sessionsHeld.All(sessionsAttended.Contains);

    /// <summary>A worker with at least <paramref name="threshold"/> no-shows in the period joins waitlists behind everyone else.</summary>
    public static bool LosesWaitlistPriority(int noShowsInPeriod, int threshold) => noShowsInPeriod >= threshold;

    /// <summary>An offered seat is held for the confirmation window, but never past the start of the session.</summary>
    public static DateTime OfferDeadline(DateTime now, TimeSpan window, DateTime sessionStartsAt) =>
        now + window < sessionStartsAt ? now + window : sessionStartsAt;
}
