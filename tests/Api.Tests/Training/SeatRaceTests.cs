using System.Net;
using Changai.Api.Tests.Infrastructure;
using Changai.Domain.Training;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Changai.Api.Tests.Training;

/// <summary>
/// Many workers enrolling in one session at the same moment: the seats are never oversold, the waitlist positions are
/// distinct and without gaps, and nobody gets an error.
/// </summary>
public sealed class SeatRaceTests
{
    [PostgresFact]
    public async Task Five_hundred_workers_at_once_for_fifty_seats_give_fifty_seats_and_waitlist_places_1_to_450()
    {
        await RaceAsync(workers: 500, seats: 50);
    }

    /// <summary>The same guarantee on the embedded default (SQLite) and on PostgreSQL, at a size both run quickly.</summary>
    [Fact]
    public async Task Forty_workers_at_once_for_five_seats_never_oversell_on_either_database()
    {
        await RaceAsync(workers: 40, seats: 5);
    }

    private static async Task RaceAsync(int workers, int seats)
    {
        await using var api = new ApiFactory();
        var officer = await api.OfficerAsync("km.guandu");
        var (_, sessionIds) = await TrainingKit.PublishedCourseAsync(officer, TrainingKit.Course(TrainingKit.Unique("焊工技能提升")),
            TrainingKit.Session(DateTime.UtcNow.AddDays(3), seats));
        var sessionId = sessionIds[0];
        var clients = await api.SeedWorkersAsync(workers);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = clients.Select(async c =>
        {
            await start.Task;
            var response = await c.Http.PostAsync($"/api/training/sessions/{sessionId}/enrollments", null);
            return (c.Id, Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        start.SetResult();
        var results = await Task.WhenAll(requests);

        var failures = results.Where(r => r.Status != HttpStatusCode.Created).Select(r => $"{(int)r.Status}: {r.Body}").ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} enrolments failed, e.g. {failures.FirstOrDefault()}");
        var answers = results.Select(r => System.Text.Json.Nodes.JsonNode.Parse(r.Body)!).ToList();
        Assert.Equal(seats, answers.Count(a => (string?)a["status"] == "confirmed"));
        var positions = answers.Where(a => (string?)a["status"] == "waitlisted").Select(a => (int)a["waitlistPosition"]!).Order().ToList();
        Assert.Equal(Enumerable.Range(1, workers - seats), positions);

        // What the answers said is what was stored.
        var stored = await api.WithDbAsync(db => db.TrainingEnrollments.Where(e => e.SessionId == sessionId).ToListAsync());
        Assert.Equal(workers, stored.Count);
        Assert.Equal(workers, stored.Select(e => e.WorkerId).Distinct().Count());
        Assert.Equal(seats, stored.Count(e => e.Status == EnrollmentStatus.Confirmed));
        Assert.Equal(Enumerable.Range(1, workers - seats), stored.Where(e => e.WaitlistPosition is not null).Select(e => e.WaitlistPosition!.Value).Order());
        var session = await api.WithDbAsync(db => db.TrainingSessions.SingleAsync(s => s.Id == sessionId));
        Assert.Equal(seats, session.SeatsTaken);
        Assert.Equal(workers - seats, session.WaitlistIssued);
    }
}
