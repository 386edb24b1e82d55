using Changai.Api.OfficerConsole.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changai.Api.OfficerConsole;

/// <summary>
/// The typed model of one console page: each page declares <c>public sealed record Data : IPageModel&lt;ThePage&gt;</c> and
/// takes it as its one <c>Model</c> parameter, so a misspelt or missing value fails to compile rather than when the page renders.
/// </summary>
public interface IPageModel<TPage> where TPage : IComponent;

/// <summary>Renders console pages (Razor components, server-side only) and reads their forms.</summary>
public static class ConsolePages
{
    /// <summary>A page with its model: <c>ConsolePages.Render(new CoursePage.Data { Course = course })</c>.</summary>
    public static RazorComponentResult Render<TPage>(IPageModel<TPage> model, int status = StatusCodes.Status200OK) where TPage : IComponent =>
        new RazorComponentResult<TPage>(new Dictionary<string, object?> { ["Model"] = model }) { StatusCode = status };

    public static RazorComponentResult Error(int status, string title, string message) =>
        Render(new ErrorPage.Data { Title = title, Message = message }, status);

    /// <summary>After a POST, back to a console page (GET), so a refresh never repeats the action.</summary>
    public static RedirectHttpResult SeeOther(string path) => TypedResults.Redirect(ConsoleSetup.BasePath + path);

    public static async Task<IFormCollection> FormAsync(HttpContext http) =>
        http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : FormCollection.Empty;

    public static string? Text(this IFormCollection form, string name) => form[name].FirstOrDefault() is { } value && value.Trim().Length > 0 ? value.Trim() : null;

    public static string Encode(string value) => Uri.EscapeDataString(value);
}
